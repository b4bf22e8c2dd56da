using Platform.Executor.Workspaces;

namespace Platform.Executor.Tests.Workspaces;

/// <summary>Which layers a merge must look at: those a step or a merge may have written, until found empty with no step running.</summary>
public sealed class LayerActivityTests
{
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public void A_layer_never_written_is_not_looked_at_and_one_a_step_started_in_is()
    {
        var activity = new LayerActivity();
        Assert.False(activity.MayHaveChanged(_run, "a"));

        activity.Started(_run, "a");
        Assert.True(activity.MayHaveChanged(_run, "a"));
        Assert.False(activity.MayHaveChanged(Guid.NewGuid(), "a"));
    }

    [Fact]
    public void A_layer_found_empty_when_its_last_step_ended_is_not_looked_at_but_one_still_written_by_another_step_is()
    {
        var activity = new LayerActivity();
        activity.Started(_run, "a");
        activity.Started(_run, "a"); // two steps of one dag in the same branch
        var looked = 0;

        activity.Ended(_run, "a", () => ++looked > 0);
        Assert.Equal(0, looked); // the other step may still write: not looked at yet
        Assert.True(activity.MayHaveChanged(_run, "a"));

        activity.Ended(_run, "a", () => ++looked > 0);
        Assert.Equal(1, looked);
        Assert.False(activity.MayHaveChanged(_run, "a"));

        activity.Started(_run, "a");
        activity.Ended(_run, "a", () => false); // this one left a file
        Assert.True(activity.MayHaveChanged(_run, "a"));
    }

    [Fact]
    public void A_merge_into_a_layer_marks_it_and_forgetting_a_layer_or_the_run_drops_it()
    {
        var activity = new LayerActivity();
        activity.Written(_run, "outer");
        activity.Started(_run, "inner");
        Assert.True(activity.MayHaveChanged(_run, "outer"));

        activity.Forget(_run, ["outer"]);
        Assert.False(activity.MayHaveChanged(_run, "outer"));
        Assert.True(activity.MayHaveChanged(_run, "inner"));

        activity.Forget(_run);
        Assert.False(activity.MayHaveChanged(_run, "inner"));
    }
}
