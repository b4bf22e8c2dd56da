using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using Platform.Pipelines.Tests.Engine;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Workspaces;

/// <summary>
/// A branch whose Executor reports its layer unchanged (<see cref="AttemptSucceeded.LayerUnchanged"/>) is left out of
/// its group's merge, and a group none of whose branches wrote anything ends at its fan-in without asking for one.
/// </summary>
public class UnchangedLayerTests
{
    private static EngineDriver Driver(PipelineDefinition pipeline) => new(pipeline) { AnswerMerges = false };

    private static IReadOnlyList<Decision> Succeed(EngineDriver run, string id, bool unchanged, int attempt = 1) =>
        run.Send(new AttemptSucceeded(run.Advance(), id, attempt, 0, new Dictionary<string, string>(), LayerUnchanged: unchanged));

    [Fact]
    public void A_group_whose_branches_all_left_their_layers_empty_ends_at_its_fan_in_with_no_merge()
    {
        var run = Driver(Pipeline(Parallel("tests", Run("unit", "true"), Run("lint", "true")), Run("after", "true")));
        run.Begin();
        Succeed(run, "unit", unchanged: true);
        var atEnd = Succeed(run, "lint", unchanged: true);

        Assert.Empty(atEnd.OfType<MergeLayers>());
        Assert.Equal(["after"], EngineDriver.Starts(atEnd));
        Assert.Equal(StepStatus.Succeeded, run.State.StatusOf("tests"));
    }

    [Fact]
    public void Sleep_branches_write_nothing_so_their_group_ends_without_a_merge_whatever_their_Executor_says()
    {
        var run = Driver(Pipeline(Parallel("waits", Sleep("a", 0), Sleep("b", 0)), Run("after", "true")));
        run.Begin();
        run.Succeed("a");
        var atEnd = run.Succeed("b");

        Assert.Empty(atEnd.OfType<MergeLayers>());
        Assert.Equal(["after"], EngineDriver.Starts(atEnd));
    }

    [Fact]
    public void Only_the_branches_that_may_have_written_are_merged_and_an_unreported_layer_counts_as_written()
    {
        var run = Driver(Pipeline(Parallel("build", Run("a", "true"), Run("b", "make"), Run("c", "make")), Run("after", "true")));
        run.Begin();
        Succeed(run, "a", unchanged: true);
        Succeed(run, "b", unchanged: false);
        var atEnd = run.Succeed("c"); // an Executor that does not say: as before, merged

        var merge = atEnd.OfType<MergeLayers>().Single();
        Assert.Equal(["b", "c"], merge.Merge.Select(b => b.Layer));
        Assert.Empty(EngineDriver.Starts(atEnd)); // waits for the merge as before
    }

    [Fact]
    public void A_failed_branch_is_still_thrown_away_through_a_merge_even_if_the_others_wrote_nothing()
    {
        var run = Driver(Pipeline(Parallel("tests", Run("unit", "true"), Run("flaky", "false")) with { FailFast = false }));
        run.Begin();
        Succeed(run, "unit", unchanged: true);
        var atEnd = run.Fail("flaky");

        var merge = atEnd.OfType<MergeLayers>().Single();
        Assert.Empty(merge.Merge);
        Assert.Equal(["flaky"], merge.Discard);
    }

    [Fact]
    public void A_later_step_of_the_same_branch_that_wrote_makes_the_branch_merged_again()
    {
        var run = Driver(Pipeline(Parallel("p", Sequence("branch", Run("first", "true"), Run("second", "echo x > x")), Run("other", "true"))));
        run.Begin();
        Succeed(run, "first", unchanged: true);
        Succeed(run, "other", unchanged: true);
        var atEnd = Succeed(run, "second", unchanged: false);

        Assert.Equal(["branch"], atEnd.OfType<MergeLayers>().Single().Merge.Select(b => b.Layer));
    }

    [Fact]
    public void Steps_of_one_branch_running_together_the_one_that_wrote_last_decides()
    {
        // A dag inside a branch: x and y share the branch's layer. x ends first and finds it empty (y had not begun
        // on its Executor); y wrote. The branch is merged.
        var run = Driver(Pipeline(Parallel("p", Dag("branch", Run("x", "true"), Run("y", "echo y > y")), Run("other", "true"))));
        run.Begin();
        Succeed(run, "other", unchanged: true);
        Succeed(run, "x", unchanged: true);
        var atEnd = Succeed(run, "y", unchanged: false);

        Assert.Equal(["branch"], atEnd.OfType<MergeLayers>().Single().Merge.Select(b => b.Layer));
    }

    [Fact]
    public void A_nested_group_that_merged_changes_into_its_branch_makes_that_branch_merged_and_one_that_merged_nothing_does_not()
    {
        var pipeline = Pipeline(Parallel("outer",
            Parallel("left", Run("l1", "echo l > l"), Run("l2", "true")),
            Parallel("right", Run("r1", "true"), Run("r2", "true"))), Run("after", "true"));
        var run = Driver(pipeline);
        run.Begin();
        Succeed(run, "l1", unchanged: false);
        var inner = Succeed(run, "l2", unchanged: true).OfType<MergeLayers>().Single();
        Assert.Equal("left", inner.GroupId);
        Assert.Equal(["l1"], inner.Merge.Select(b => b.Layer));
        Assert.Equal(["left"], inner.Into);
        run.Send(new LayersMerged(run.Advance(), "left", []));

        Succeed(run, "r1", unchanged: true);
        var outer = Succeed(run, "r2", unchanged: true).OfType<MergeLayers>().Single(); // right ended without a merge of its own
        Assert.Equal("outer", outer.GroupId);
        Assert.Equal(["left"], outer.Merge.Select(b => b.Layer));
    }

    [Fact]
    public void Replaying_the_stored_events_gives_the_same_run()
    {
        var run = Driver(Pipeline(Parallel("tests", Run("unit", "true"), Run("lint", "true")), Run("after", "true")));
        run.Begin();
        Succeed(run, "unit", unchanged: true);
        Succeed(run, "lint", unchanged: true);
        run.Succeed("after");

        var replayed = EngineState.Create(run.State.Plan, run.State.RunId);
        foreach (var e in run.Sent)
        {
            _ = Scheduler.Decide(replayed, e).ToList();
        }

        Assert.Equal(RunStatus.Succeeded, replayed.Status);
        Assert.Equal(run.State.Report().Steps.Select(s => (s.Id, s.Status)), replayed.Report().Steps.Select(s => (s.Id, s.Status)));
    }

    [Fact]
    public void A_fire_and_forget_branch_that_wrote_nothing_is_not_merged_and_one_that_wrote_is()
    {
        var background = Parallel("background", Run("quiet", "true"), Run("noisy", "echo n > n.txt")) with { Wait = WaitPolicy.None };
        var run = Driver(Pipeline(background, Run("after", "true")));
        run.Begin();

        Assert.Empty(Succeed(run, "quiet", unchanged: true).OfType<MergeLayers>());
        var merge = Succeed(run, "noisy", unchanged: false).OfType<MergeLayers>().Single();
        Assert.Equal(("background", "noisy"), (merge.GroupId, merge.Branch));

        run.Succeed("after");
        Assert.NotEqual(RunStatus.Succeeded, run.State.Status); // the run waits for the noisy branch's merge
        run.Send(new LayersMerged(run.Advance(), "background", [], Branch: "noisy"));
        Assert.Equal(RunStatus.Succeeded, run.State.Status);
    }
}
