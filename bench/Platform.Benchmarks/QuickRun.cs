using System.Diagnostics;
using System.Globalization;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Simulation;

namespace Platform.Benchmarks;

/// <summary>A fast stopwatch measurement (seconds, not minutes) of the same workloads: events/s.</summary>
internal static class QuickRun
{
    public static void Print(TextWriter output)
    {
        output.WriteLine("| workload | steps | events | best ms | events/s |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        Measure(output, "fan-out, unlimited", 10_000, Workloads.FanOut(10_000, null));
        Measure(output, "fan-out, concurrency 50", 10_000, Workloads.FanOut(10_000, 50));
        Measure(output, "sequential chain", 10_000, Workloads.Chain(10_000));
        Measure(output, "layered DAG 10×1000", 10_000, Workloads.LayeredDag(10, 1_000));
    }

    private static void Measure(TextWriter output, string name, int steps, RunPlan plan)
    {
        var best = double.MaxValue;
        long events = 0;
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = Simulator.Run(plan, new SimulationOptions());
            watch.Stop();
            events = result.Events;
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {steps} | {events} | {best:0.0} | {events / (best / 1000):N0} |"));
    }
}
