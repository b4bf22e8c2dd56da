using Platform.Contracts;
using Platform.Coordinator.Running;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;

namespace Platform.Coordinator.Tests;

/// <summary>A fire-and-forget branch's merge goes to the Executor and comes back naming its branch, or the engine could not tell it apart from its group's.</summary>
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
}
