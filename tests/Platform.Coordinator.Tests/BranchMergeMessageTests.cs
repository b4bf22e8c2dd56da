using Platform.Contracts;
using Platform.Coordinator.Running;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;

namespace Platform.Coordinator.Tests;

/// <summary>
/// What the engine needs of a branch's layer crosses the bus: a fire-and-forget branch's merge goes to the Executor and comes back
/// naming its branch, or the engine could not tell it apart from its group's; a success says whether it left its layer empty.
/// </summary>
public class BranchMergeMessageTests
{
    [Fact]
    public void A_branch_s_merge_and_its_answer_carry_the_branch()
    {
        var run = Guid.NewGuid();
        var command = MessageMapper.ToMergeCommand(run, new MergeLayers("bg", [], [new LayerBranch("first", "StepA")], [], ConflictPolicy.Warn, "first"));
        Assert.Equal(("bg", "first", "warn"), (command.GroupId, command.Branch, command.OnConflict));

        var answer = MessageMapper.ToEvents(new WorkspaceLayersMerged(run, "bg", [new WorkspaceConflict("x", "StepB", "StepA")], null, "first"), DateTimeOffset.UnixEpoch);
        var merged = Assert.IsType<LayersMerged>(Assert.Single(answer));
        Assert.Equal(("bg", "first"), (merged.GroupId, merged.Branch));
        Assert.Equal([new LayerConflict("x", "StepB", "StepA")], merged.Conflicts);
    }

    [Fact]
    public void Whether_a_success_left_its_layer_empty_reaches_the_engine_alone_and_in_a_batch()
    {
        var run = Guid.NewGuid();
        var empty = new StepSucceeded(run, "lint", 1, DateTimeOffset.UnixEpoch, 0, new Dictionary<string, string>(), "", LayerUnchanged: true);
        var wrote = empty with { StepId = "build", LayerUnchanged = false };

        var alone = Assert.IsType<AttemptSucceeded>(Assert.Single(MessageMapper.ToEvents(empty, DateTimeOffset.UnixEpoch)));
        Assert.True(alone.LayerUnchanged);

        var batch = MessageMapper.ToEvents(new AttemptsReported(run, [empty, wrote], [], []), DateTimeOffset.UnixEpoch).OfType<AttemptSucceeded>().ToList();
        Assert.Equal([("lint", true), ("build", false)], batch.Select(e => (e.StepId, e.LayerUnchanged)));
    }
}
