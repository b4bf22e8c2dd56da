using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using Platform.Pipelines.Tests.Engine;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Workspaces;

/// <summary>
/// Fire-and-forget branches (<c>wait: none</c>) in layers of their own: each branch's layer is merged as
/// soon as it ends, while the run goes on, and a conflict with a sibling merged before it fails the run.
/// </summary>
public class FireAndForgetMergeTests
{
    private static readonly ParallelGroup Background = Parallel("background",
        Run("first", "echo A > shared.txt") with { Name = "StepA" },
        Run("second", "echo B > shared.txt") with { Name = "StepB" }) with { Name = "Background", Wait = WaitPolicy.None };

    private static PipelineDefinition Seed(ParallelGroup group, ConflictPolicy onConflict = ConflictPolicy.Fail) =>
        Pipeline(group, Run("next", "make")) with { OnConflict = onConflict };

    /// <summary>A driver that leaves merges to the test.</summary>
    private static EngineDriver Driver(PipelineDefinition pipeline) => new(pipeline) { AnswerMerges = false };

    private static IReadOnlyList<Decision> Merged(EngineDriver run, string branch, params LayerConflict[] conflicts) =>
        run.Send(new LayersMerged(run.Advance(), "background", conflicts, Branch: branch));

    /// <summary>StepA ends and is merged cleanly, then StepB ends and its merge finds <paramref name="conflicts"/>; <c>next</c> still runs.</summary>
    private static EngineDriver BothMerged(PipelineDefinition pipeline, params LayerConflict[] conflicts)
    {
        var run = Driver(pipeline);
        run.Begin();
        run.Succeed("first");
        Merged(run, "first");
        run.Succeed("second");
        Merged(run, "second", conflicts);
        return run;
    }

    private static readonly LayerConflict SharedTxt = new("shared.txt", "StepA", "StepB");

    [Fact]
    public void Each_detached_branch_writes_into_a_layer_of_its_own_and_what_follows_starts_at_once_in_the_directory()
    {
        var starts = Driver(Seed(Background)).Begin().OfType<StartAttempt>().ToList();

        Assert.Equal(["first"], starts.Single(s => s.StepId == "first").Layers!);
        Assert.Equal(["first"], starts.Single(s => s.StepId == "first").DetachedLayers!);
        Assert.Equal(["second"], starts.Single(s => s.StepId == "second").Layers!);
        Assert.Null(starts.Single(s => s.StepId == "next").Layers);
    }

    [Fact]
    public void A_branch_s_layer_is_merged_when_it_ends_not_when_its_siblings_do()
    {
        var run = Driver(Seed(Background));
        run.Begin();

        var merge = run.Succeed("first").OfType<MergeLayers>().Single();

        Assert.Equal(("background", "first", ConflictPolicy.Fail), (merge.GroupId, merge.Branch, merge.OnConflict));
        Assert.Empty(merge.Into);
        Assert.Equal([new LayerBranch("first", "StepA")], merge.Merge);
        Assert.Empty(merge.Discard);
        Assert.False(run.State.StatusOf("second")!.Value.IsTerminal());
    }

    [Fact]
    public void Branches_that_end_together_are_merged_one_after_the_other_in_the_order_they_ended()
    {
        var run = Driver(Seed(Background));
        run.Begin();
        run.Succeed("second");
        Assert.Empty(run.Succeed("first").OfType<MergeLayers>()); // waits for second's merge

        var next = Merged(run, "second").OfType<MergeLayers>().Single();
        Assert.Equal("first", next.Branch);
    }

    [Fact]
    public void The_run_ends_only_once_the_last_branch_is_merged()
    {
        var run = Driver(Seed(Background));
        run.Begin();
        run.Succeed("next");
        run.Succeed("first");
        Merged(run, "first");
        run.Succeed("second");
        Assert.Equal(RunStatus.Running, run.State.Status);

        Merged(run, "second");
        Assert.Equal(RunStatus.Succeeded, run.State.Status);
    }

    [Fact]
    public void A_conflict_with_a_sibling_merged_before_fails_the_run_naming_both_while_the_rest_goes_on()
    {
        var run = BothMerged(Seed(Background), SharedTxt);

        var group = run.State.Report().Steps.Single(s => s.Id == "background");
        Assert.Equal(StepStatus.Failed, group.Status);
        Assert.Equal("conflict: shared.txt written by StepA and StepB (in Background)", group.Reason);
        Assert.False(run.State.StatusOf("next")!.Value.IsTerminal()); // not stopped: a fire-and-forget failure
        run.Succeed("next");
        Assert.Equal(RunStatus.Failed, run.State.Status);
    }

    [Theory]
    [InlineData(ConflictPolicy.Warn, "conflict: shared.txt written by StepA and StepB (in Background)")]
    [InlineData(ConflictPolicy.LastWins, null)]
    public void Warn_and_last_wins_let_the_run_succeed(ConflictPolicy policy, string? reason)
    {
        var run = BothMerged(Seed(Background, policy), SharedTxt);
        run.Succeed("next");
        Assert.All(run.All.OfType<MergeLayers>(), merge => Assert.Equal(policy, merge.OnConflict));

        var group = run.State.Report().Steps.Single(s => s.Id == "background");
        Assert.Equal(StepStatus.Succeeded, group.Status);
        Assert.Equal(reason, group.Reason);
        Assert.Equal(RunStatus.Succeeded, run.State.Status);
    }

    [Fact]
    public void A_merge_that_could_not_be_done_fails_the_run()
    {
        var run = Driver(Seed(Background));
        run.Begin();
        run.Succeed("next");
        run.Succeed("first");
        run.Send(new LayersMerged(run.Advance(), "background", [], "disk full", "first"));
        run.Succeed("second");
        Merged(run, "second");

        Assert.Equal("could not merge the branches of background: disk full", run.State.Report().Steps.Single(s => s.Id == "background").Reason);
        Assert.Equal(RunStatus.Failed, run.State.Status);
    }

    [Fact]
    public void A_failed_branch_s_layer_is_discarded_and_the_run_goes_on_as_before()
    {
        var run = Driver(Seed(Background));
        run.Begin();
        run.Succeed("next");

        var merge = run.Fail("first").OfType<MergeLayers>().Single();
        Assert.Empty(merge.Merge);
        Assert.Equal(["first"], merge.Discard);
        Assert.Equal("first", merge.Branch);

        Merged(run, "first");
        run.Succeed("second");
        Merged(run, "second");
        Assert.Equal(RunStatus.Succeeded, run.State.Status); // a fire-and-forget failure does not fail the run
    }

    [Fact]
    public void A_branch_merge_unanswered_before_a_restart_is_asked_for_again()
    {
        var run = Driver(Seed(Background));
        run.Begin();
        run.Succeed("first");

        var again = run.Send(new RunResumed(run.Advance(), false, null)).OfType<MergeLayers>().Single();
        Assert.Equal(("background", "first"), (again.GroupId, again.Branch));
        Merged(run, "first");
        Merged(run, "first"); // the duplicate answer is ignored
        Assert.Equal(StepStatus.Succeeded, run.State.StatusOf("background"));
    }

    [Fact]
    public void Isolate_false_shares_the_directory_and_merges_nothing()
    {
        var run = Driver(Seed(Background with { Isolate = false }));
        Assert.All(run.Begin().OfType<StartAttempt>(), s => Assert.Null(s.Layers));
        run.Succeed("next");
        Assert.Empty(run.Succeed("first").OfType<MergeLayers>());
        run.Succeed("second");
        Assert.Equal(RunStatus.Succeeded, run.State.Status);
    }

    [Fact]
    public void A_fire_and_forget_group_inside_a_branch_is_merged_into_that_branch_before_the_branch_is()
    {
        var run = Driver(Pipeline(Parallel("outer",
            Sequence("chain", Parallel("bg", Run("slow", "s")) with { Wait = WaitPolicy.None }, Run("quick", "q")),
            Run("other", "o"))));
        var starts = run.Begin().OfType<StartAttempt>().ToList();
        Assert.Equal(["chain", "slow"], starts.Single(s => s.StepId == "slow").Layers!);
        Assert.Equal(["slow"], starts.Single(s => s.StepId == "slow").DetachedLayers!);

        run.Succeed("quick");
        Assert.Empty(run.Succeed("other").OfType<MergeLayers>()); // outer waits: slow still writes into chain's layer

        var inner = run.Succeed("slow").OfType<MergeLayers>().Single();
        Assert.Equal(("bg", "slow"), (inner.GroupId, inner.Branch));
        Assert.Equal(["chain"], inner.Into);

        var outer = run.Send(new LayersMerged(run.Advance(), "bg", [], Branch: "slow")).OfType<MergeLayers>().Single();
        Assert.Equal("outer", outer.GroupId);
        Assert.Null(outer.Branch);
    }

    [Fact]
    public void A_fire_and_forget_group_that_is_a_branch_keeps_what_its_other_branches_merged_after_a_conflict()
    {
        var run = Driver(Pipeline(Parallel("outer", Background, Run("other", "o"))));
        run.Begin();
        run.Succeed("other");
        run.Succeed("first");
        run.Send(new LayersMerged(run.Advance(), "background", [], Branch: "first"));
        run.Succeed("second");

        var outer = run.Send(new LayersMerged(run.Advance(), "background", [SharedTxt], Branch: "second"))
            .OfType<MergeLayers>().Single();

        Assert.Equal(StepStatus.Failed, run.State.StatusOf("background"));
        Assert.Equal(["background", "other"], outer.Merge.Select(b => b.Layer));
        Assert.Empty(outer.Discard);
    }

    [Fact]
    public void A_branch_s_conflict_is_stored_and_replayed_to_the_same_failed_run()
    {
        var run = BothMerged(Seed(Background), SharedTxt);
        run.Succeed("next");

        var replayed = EngineState.Create(RunPlan.Compile(Seed(Background)), "run-1");
        foreach (var e in run.Sent.Select(e => RunEventJson.Deserialize(RunEventJson.Serialize(e))))
        {
            Scheduler.Decide(replayed, e);
        }

        Assert.Equal(run.State.Report().Steps.Select(s => (s.Id, s.Status, s.Reason)), replayed.Report().Steps.Select(s => (s.Id, s.Status, s.Reason)));
        Assert.Equal(RunStatus.Failed, replayed.Status);
    }
}
