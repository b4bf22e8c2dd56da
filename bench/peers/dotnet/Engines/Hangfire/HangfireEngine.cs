using Hangfire;
using Hangfire.InMemory;
using Platform.Bench.Peers.Measurement;
using Platform.Bench.Peers.Workloads;

namespace Platform.Bench.Peers.Engines.Hangfire;

/// <summary>
/// Hangfire.Core with Hangfire.InMemory storage. A chain is a job and its continuations
/// (ContinueJobWith: each waits for the one before); a fan-out is n enqueued jobs on a server whose
/// WorkerCount is the concurrency. OSS continuations have one parent: a job that waits for many
/// (batches) is Hangfire Pro, so the fan-out has no fan-in step and ends when the last child ends.
/// </summary>
public sealed class HangfireEngine : IPeerEngine
{
    public const string NoFanIn = "not expressible: a continuation has one parent; waiting for many jobs (batch continuations) is Hangfire Pro";

    InMemoryStorage? storage;
    BackgroundJobServer? server;

    public string Key => "hangfire";

    public IReadOnlyDictionary<string, string> Setup { get; } = new Dictionary<string, string>
    {
        ["engine_version"] = typeof(BackgroundJob).Assembly.GetName().Version?.ToString() ?? "?",
        ["storage"] = "Hangfire.InMemory",
    };

    public Task StartAsync()
    {
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseRecommendedSerializerSettings()
            .UseNoOpLogProvider();
        return Task.CompletedTask;
    }

    public async Task<string?> PrepareAsync(Workload workload)
    {
        // A fresh storage and a server with one worker thread per allowed step in flight.
        storage = new InMemoryStorage();
        server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = workload.Concurrency,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        }, storage);
        await Task.Delay(300 + workload.Concurrency); // the workers start fetching
        return null;
    }

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(Workload workload)
    {
        var client = new BackgroundJobClient(storage!);
        var sleep = workload.SleepMs;
        if (workload.Kind == WorkloadKind.Chain)
        {
            var first = workload.StepName(0);
            var previous = client.Enqueue(() => StepLog.RunStepAsync(first, sleep));
            for (var i = 1; i < workload.Steps; i++)
            {
                var name = workload.StepName(i);
                previous = client.ContinueJobWith(previous, () => StepLog.RunStepAsync(name, sleep));
            }
            await StepLog.Current.AllRecorded;
            return new Dictionary<string, string>();
        }
        StepLog.Current.Expect(workload.Steps);
        for (var i = 0; i < workload.Steps; i++)
        {
            var name = workload.StepName(i);
            client.Enqueue(() => StepLog.RunStepAsync(name, sleep));
        }
        await StepLog.Current.AllRecorded;
        return new Dictionary<string, string> { ["fanin"] = NoFanIn };
    }

    public Task FinishAsync(Workload workload)
    {
        Stop();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    void Stop()
    {
        server?.Dispose();
        storage?.Dispose();
        (server, storage) = (null, null);
    }
}
