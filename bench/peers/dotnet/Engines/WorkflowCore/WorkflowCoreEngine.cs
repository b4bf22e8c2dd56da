using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Platform.Bench.Peers.Workloads;
using WorkflowCore.Interface;
using WorkflowCore.Models.LifeCycleEvents;

namespace Platform.Bench.Peers.Engines.WorkflowCore;

/// <summary>
/// WorkflowCore with its default in-memory persistence, queue and lock (single node). It has no limit
/// on a group's concurrency (UseMaxConcurrentWorkflows bounds workflow instances, not steps), and
/// one instance's active branches are executed one after another in a single pass: the fan-out is a
/// parallel ForEach, "unlimited" only.
/// </summary>
public sealed class WorkflowCoreEngine : IPeerEngine
{
    public const string NoLimit = "not expressible: WorkflowCore has no per-group concurrency limit (UseMaxConcurrentWorkflows bounds instances, not steps)";

    readonly ConcurrentDictionary<string, TaskCompletionSource> running = new();
    readonly HashSet<string> registered = [];
    ServiceProvider? services;
    IWorkflowHost? host;

    public string Key => "workflowcore";

    public IReadOnlyDictionary<string, string> Setup { get; } = new Dictionary<string, string>
    {
        ["engine_version"] = typeof(IWorkflowHost).Assembly.GetName().Version?.ToString() ?? "?",
        ["storage"] = "in-memory (default persistence, single-node queue and lock)",
    };

    public Task StartAsync()
    {
        services = new ServiceCollection().AddLogging().AddWorkflow().BuildServiceProvider();
        host = services.GetRequiredService<IWorkflowHost>();
        host.OnLifeCycleEvent += evt =>
        {
            if (evt is WorkflowCompleted && evt.Reference is { } reference && running.TryRemove(reference, out var done))
            {
                done.TrySetResult();
            }
        };
        host.Start();
        return Task.CompletedTask;
    }

    public Task<string?> PrepareAsync(Workload workload)
    {
        if (workload.Kind == WorkloadKind.Fanout && workload.Concurrency < workload.Steps)
        {
            return Task.FromResult<string?>(NoLimit);
        }
        if (registered.Add(workload.Name))
        {
            var registry = services!.GetRequiredService<IWorkflowRegistry>();
            registry.RegisterWorkflow(new WorkflowCoreWorkflow(workload));
        }
        return Task.FromResult<string?>(null);
    }

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(Workload workload)
    {
        var reference = Guid.NewGuid().ToString("N");
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running[reference] = done;
        var data = new WorkflowCoreData { SleepMs = workload.SleepMs, Items = [.. Enumerable.Range(0, workload.Steps)] };
        await host!.StartWorkflow(workload.Name, 1, data, reference);
        await done.Task;
        return new Dictionary<string, string>();
    }

    public Task FinishAsync(Workload workload) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host?.Stop();
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }
}
