using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;
using Platform.Pipelines.Tests.Engine;

namespace Platform.Pipelines.Tests.History;

/// <summary><c>simulate --sequential GROUP</c> / <c>--concurrency GROUP=N</c>: one group changed, everything else as declared.</summary>
public sealed class GroupCapsTests
{
    private static readonly PipelineDefinition Pipeline = P.Pipeline(
        P.Parallel("outer", P.Parallel("inner", P.Sleep("a", 2), P.Sleep("b", 2)), P.Sleep("c", 3)));

    [Fact]
    public void A_nested_group_made_sequential_runs_one_child_at_a_time_and_its_sibling_is_untouched()
    {
        var (changed, unknown) = GroupCaps.Apply(Pipeline, new Dictionary<string, int> { ["inner"] = 1 });
        var result = P.Simulate(changed);

        Assert.Empty(unknown);
        Assert.Equal(4, result.WallSeconds); // a then b; c alongside
        Assert.Equal(0, result.Start("c"));
        Assert.Equal(3, P.Simulate(Pipeline).WallSeconds);
    }

    [Fact]
    public void An_id_that_is_no_group_is_reported_not_ignored()
    {
        var (_, unknown) = GroupCaps.Apply(Pipeline, new Dictionary<string, int> { ["a"] = 1, ["nope"] = 2, ["outer"] = 2 });

        Assert.Equal(["a", "nope"], unknown);
    }
}
