using BenchmarkDotNet.Attributes;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Simulation;

namespace Platform.Benchmarks;

/// <summary>Whole simulated runs: every event through <see cref="Scheduler.Decide"/>, on a virtual clock.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private RunPlan _fanOut = null!;
    private RunPlan _fanOutLimited = null!;
    private RunPlan _chain = null!;
    private RunPlan _dag = null!;

    [Params(1_000, 10_000)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fanOut = Workloads.FanOut(Steps, null);
        _fanOutLimited = Workloads.FanOut(Steps, 50);
        _chain = Workloads.Chain(Steps);
        _dag = Workloads.LayeredDag(10, Steps / 100);
    }

    [Benchmark(Description = "fan-out, unlimited")]
    public long FanOut() => Simulator.Run(_fanOut, new SimulationOptions()).Events;

    [Benchmark(Description = "fan-out, concurrency 50")]
    public long FanOutLimited() => Simulator.Run(_fanOutLimited, new SimulationOptions()).Events;

    [Benchmark(Description = "sequential chain")]
    public long Chain() => Simulator.Run(_chain, new SimulationOptions()).Events;

    [Benchmark(Description = "layered DAG, 10 layers")]
    public long Dag() => Simulator.Run(_dag, new SimulationOptions()).Events;
}
