using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Platform.Bench.Peers.Workloads;

namespace Platform.Bench.Peers.Engines.DurableTask;

/// <summary>
/// Microsoft.DurableTask.InProcessTestHost: an in-memory orchestration service behind a gRPC sidecar
/// on loopback, in this process, with the worker and client. Its dispatchers take at most
/// Environment.ProcessorCount work items at once (a fixed property, no option) and re-poll every
/// 500 ms when full; the program lifts that by running this engine with DOTNET_PROCESSOR_COUNT set
/// (see <see cref="CapLift"/>).
/// </summary>
public sealed class DurableTaskEngine : IPeerEngine
{
    DurableTaskTestHost? host;

    public string Key => "durabletask";

    public IReadOnlyDictionary<string, string> Setup { get; } = new Dictionary<string, string>
    {
        ["engine_version"] = typeof(DurableTaskTestHost).Assembly.GetName().Version?.ToString() ?? "?",
        ["storage"] = "InProcessTestHost: in-memory orchestration service, gRPC sidecar on loopback",
        ["sidecar_work_item_cap"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task StartAsync()
    {
        // The sidecar's and the worker's hosts log to the console at Information: keep stdout for results.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        Environment.SetEnvironmentVariable("Logging__Console__LogToStandardErrorThreshold", "Trace");
        host = await DurableTaskTestHost.StartAsync(DurableOrchestrations.Register);
    }

    public Task<string?> PrepareAsync(Workload workload) => Task.FromResult<string?>(null);

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(Workload workload)
    {
        var name = workload.Kind == WorkloadKind.Chain ? DurableOrchestrations.Chain : DurableOrchestrations.Fanout;
        var plan = new DurablePlan(workload.Steps, workload.SleepMs, workload.Concurrency);
        var id = await host!.Client.ScheduleNewOrchestrationInstanceAsync(name, plan);
        var done = await host.Client.WaitForInstanceCompletionAsync(id);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{workload.Name}: orchestration ended {done.RuntimeStatus}");
        }
        return new Dictionary<string, string>();
    }

    public Task FinishAsync(Workload workload) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
