using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

/// <summary><c>stagger: DURATION</c>: a parallel group's or a forEach's children start at least that far apart.</summary>
public sealed class StaggerTests
{
    [Fact]
    public void A_staggered_parallel_group_starts_its_children_that_far_apart_in_order()
    {
        var group = Parallel("p", Sleep("a"), Sleep("b"), Sleep("c")) with { Stagger = TimeSpan.FromMilliseconds(200) };
        var result = Simulate(Pipeline(group));

        Assert.Equal([0.0, 0.2, 0.4], new[] { "a", "b", "c" }.Select(result.Start).Select(s => Math.Round(s, 3)));
        Assert.Equal(1.4, result.WallSeconds, 3);
    }

    [Fact]
    public void A_staggered_foreach_spaces_its_items_and_keeps_its_concurrency()
    {
        var each = ForEach("each", ["x", "y", "z"], Sleep("s", 2)) with { Stagger = TimeSpan.FromSeconds(0.5), Concurrency = 2 };
        var result = Simulate(Pipeline(each));

        Assert.Equal([0.0, 0.5, 2.0], new[] { "s[0]", "s[1]", "s[2]" }.Select(result.Start).Select(s => Math.Round(s, 3)));
    }

    [Fact]
    public void Stagger_adds_nothing_when_starts_are_already_further_apart()
    {
        var group = Parallel("p", Sleep("a"), Sleep("b")) with { Stagger = TimeSpan.FromMilliseconds(200), Concurrency = 1 };
        var result = Simulate(Pipeline(group));

        Assert.Equal(1.0, result.Start("b"), 3);
    }

    [Fact]
    public void A_staggered_race_won_before_a_branch_started_skips_it()
    {
        var race = Parallel("race", Sleep("fast", 0.1), Sleep("slow")) with { Wait = WaitPolicy.Any, Stagger = TimeSpan.FromSeconds(1) };
        var result = Simulate(Pipeline(race));

        Assert.Equal(StepStatus.Succeeded, result.Status("fast"));
        Assert.Equal(StepStatus.Skipped, result.Status("slow"));
        Assert.Equal(0.1, result.WallSeconds, 3);
    }

    [Fact]
    public void Stagger_is_read_on_parallel_and_foreach_and_refused_elsewhere()
    {
        var ok = PipelineLoader.Load("""
            id: s
            steps:
              - parallel: { stagger: 200ms, steps: [ { id: a, run: 'true' } ] }
              - forEach: { items: [1, 2], stagger: 1s, steps: [ { id: b, run: 'true' } ] }
            """, "s.yaml");
        var bad = PipelineLoader.Load("id: s\nsteps:\n  - dag: { stagger: 200ms, steps: [ { id: a, run: 'true' } ] }\n", "s.yaml");

        Assert.True(ok.IsValid, string.Join("\n", ok.Errors));
        Assert.Equal(TimeSpan.FromMilliseconds(200), ((GroupNode)ok.Pipeline!.Steps[0]).Stagger);
        Assert.Equal(TimeSpan.FromSeconds(1), ((GroupNode)ok.Pipeline!.Steps[1]).Stagger);
        Assert.Contains(bad.Errors, e => e.ToString().Contains("stagger", StringComparison.Ordinal));
    }
}
