using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;

namespace Platform.Benchmarks;

/// <summary>Pipelines the benchmarks run through the engine.</summary>
internal static class Workloads
{
    private static readonly SourceLocation Here = new("bench.yaml", 1, 1);

    private static StepNode Step(string id) => new() { Id = id, Action = new SleepAction(TimeSpan.FromMilliseconds(10)), Location = Here };

    private static PipelineDefinition Pipeline(params Node[] steps) =>
        new("bench", null, [], null, true, null, PipelineMode.Sequential, steps, [], [], Here);

    /// <summary>N steps in one parallel group (with a concurrency limit, or none), then one step.</summary>
    public static RunPlan FanOut(int n, int? concurrency) => RunPlan.Compile(Pipeline(
        new ParallelGroup { Id = "wide", Concurrency = concurrency, Children = Enumerable.Range(0, n).Select(i => (Node)Step($"s{i}")).ToArray(), Location = Here },
        Step("after")));

    /// <summary>N steps one after another.</summary>
    public static RunPlan Chain(int n) => RunPlan.Compile(Pipeline(Enumerable.Range(0, n).Select(i => (Node)Step($"s{i}")).ToArray()));

    /// <summary>Layers of a DAG, each step needing every step of the previous layer.</summary>
    public static RunPlan LayeredDag(int layers, int width)
    {
        var nodes = new List<Node>();
        for (var l = 0; l < layers; l++)
        {
            var needs = l == 0 ? [] : Enumerable.Range(0, width).Select(w => $"l{l - 1}s{w}").ToArray();
            nodes.AddRange(Enumerable.Range(0, width).Select(w => (Node)(Step($"l{l}s{w}") with { Needs = needs })));
        }

        return RunPlan.Compile(Pipeline(new DagGroup { Id = "dag", Children = nodes, Location = Here }));
    }
}
