using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Executor.Extensions;
using Platform.Executor.Running;

namespace Platform.Benchmarks;

/// <summary>
/// What resource measurement adds to one shell step in the Executor (issue 17): the step of bench/run's
/// shell workload (<c>run: 'true'</c>: spawn, wait, reap) run through the real Executor, with
/// <c>Executor:MeasureResources</c> off, on without cgroups, and on with a cgroup per attempt. The difference is measurement's cost per step; divided by
/// the workload's cost per step it is the overhead. Run: <c>dotnet run -c Release --project
/// bench/Platform.Benchmarks -- --filter '*StepMeasurement*'</c>.
/// </summary>
[MemoryDiagnoser]
public class StepMeasurementBenchmarks
{
    private ServiceProvider _services = null!;
    private StepAttemptRunner _runner = null!;
    private readonly Guid _run = Guid.NewGuid();

    /// <summary>off: no measurement; proc: wait4 and /proc sampling; cgroup: a cgroup per attempt (as root with cgroup v1).</summary>
    [Params("off", "proc", "cgroup")]
    public string Meter { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddExecutor(o =>
        {
            o.MeasureResources = Meter != "off";
            o.ResourceCgroups = Meter == "cgroup";
        }).BuildServiceProvider();
        _runner = _services.GetRequiredService<StepAttemptRunner>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public async Task<object> ShellStep()
    {
        var result = await _runner.RunAsync(new ExecuteStep(_run, "step", 1, ["true"], null, null, new Dictionary<string, string>(), null, null),
            CancellationToken.None);
        return result.Outcome == StepOutcome.Succeeded ? result : throw new InvalidOperationException($"the step did not succeed: {result.Error}");
    }
}
