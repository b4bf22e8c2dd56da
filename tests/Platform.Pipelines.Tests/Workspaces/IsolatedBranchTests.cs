using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using Platform.Pipelines.Tests.Engine;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Workspaces;

/// <summary>
/// The engine's side of isolated branches: which layers each attempt writes into, when a group asks
/// for its layers to be merged, and what a conflict does to the group and the run.
/// </summary>
public class IsolatedBranchTests
{
    private static readonly ParallelGroup Writing = Parallel("WritingInParallel",
        Run("writing_file_1", "echo Step1A > first.txt") with { Name = "Step1A" },
        Run("writing_file_2", "echo Step1B > second.txt") with { Name = "Step1B" });

    private static PipelineDefinition Seed(ParallelGroup group, ConflictPolicy onConflict = ConflictPolicy.Fail) =>
        Pipeline(group, Run("MyListing", "ls")) with { OnConflict = onConflict };

    /// <summary>A driver that leaves merges to the test.</summary>
    private static EngineDriver Driver(PipelineDefinition pipeline) => new(pipeline) { AnswerMerges = false };

    private static (EngineDriver Run, MergeLayers Merge) BothSucceed(PipelineDefinition pipeline)
    {
        var run = Driver(pipeline);
        run.Begin();
        run.Succeed("writing_file_1");
        var merge = run.Succeed("writing_file_2").OfType<MergeLayers>().Single();
        return (run, merge);
    }

    [Fact]
    public void Each_branch_writes_into_a_layer_of_its_own_and_the_step_after_the_group_into_the_directory()
    {
        var run = Driver(Seed(Writing));
        var starts = run.Begin().OfType<StartAttempt>().ToList();

        Assert.Equal(["writing_file_1"], starts[0].Layers!);
        Assert.Equal(["writing_file_2"], starts[1].Layers!);

        run.Succeed("writing_file_1");
        var atEnd = run.Succeed("writing_file_2");
        Assert.Empty(EngineDriver.Starts(atEnd)); // the listing waits for the merge

        var afterMerge = run.Send(new LayersMerged(run.Advance(), "WritingInParallel", []));
        var listing = afterMerge.OfType<StartAttempt>().Single();
        Assert.Equal("MyListing", listing.StepId);
        Assert.Null(listing.Layers);
        Assert.Equal(StepStatus.Succeeded, run.State.StatusOf("WritingInParallel"));
    }

    [Fact]
    public void The_merge_takes_the_succeeded_branches_in_declared_order_into_the_directory()
    {
        var run = Driver(Seed(Writing));
        run.Begin();
        run.Succeed("writing_file_2"); // ends first, still merged second
        var merge = run.Succeed("writing_file_1").OfType<MergeLayers>().Single();

        Assert.Equal("WritingInParallel", merge.GroupId);
        Assert.Empty(merge.Into);
        Assert.Equal([new LayerBranch("writing_file_1", "Step1A"), new LayerBranch("writing_file_2", "Step1B")], merge.Merge);
        Assert.Empty(merge.Discard);
        Assert.Equal(ConflictPolicy.Fail, merge.OnConflict);
    }

    [Fact]
    public void A_conflict_fails_the_group_naming_the_path_and_both_steps_and_skips_what_follows()
    {
        var (run, _) = BothSucceed(Seed(Writing));

        run.Send(new LayersMerged(run.Advance(), "WritingInParallel", [new LayerConflict("first.txt", "Step1A", "Step1B")]));

        var group = run.State.Report().Steps.Single(s => s.Id == "WritingInParallel");
        Assert.Equal(StepStatus.Failed, group.Status);
        Assert.Equal("conflict: first.txt written by Step1A and Step1B (in WritingInParallel)", group.Reason);
        Assert.Equal(StepStatus.Skipped, run.State.StatusOf("MyListing"));
        Assert.Equal(RunStatus.Failed, run.State.Status);
    }

    [Fact]
    public void More_conflicting_paths_are_counted_after_the_first()
    {
        var (run, _) = BothSucceed(Seed(Writing));

        run.Send(new LayersMerged(run.Advance(), "WritingInParallel",
            [new LayerConflict("a", "Step1A", "Step1B"), new LayerConflict("b", "Step1A", "Step1B"), new LayerConflict("c", "Step1A", "Step1B")]));

        Assert.EndsWith("a written by Step1A and Step1B and 2 more paths (in WritingInParallel)",
            run.State.Report().Steps.Single(s => s.Id == "WritingInParallel").Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConflictPolicy.Warn, "conflict: first.txt written by Step1A and Step1B (in WritingInParallel)")]
    [InlineData(ConflictPolicy.LastWins, null)]
    public void Warn_and_last_wins_let_the_group_succeed(ConflictPolicy policy, string? reason)
    {
        var (run, merge) = BothSucceed(Seed(Writing, policy));
        Assert.Equal(policy, merge.OnConflict);

        var next = run.Send(new LayersMerged(run.Advance(), "WritingInParallel", [new LayerConflict("first.txt", "Step1A", "Step1B")]));

        var group = run.State.Report().Steps.Single(s => s.Id == "WritingInParallel");
        Assert.Equal(StepStatus.Succeeded, group.Status);
        Assert.Equal(reason, group.Reason);
        Assert.Equal(["MyListing"], EngineDriver.Starts(next));
    }

    [Fact]
    public void A_group_s_on_conflict_overrides_the_pipeline_s()
    {
        var (_, merge) = BothSucceed(Seed(Writing with { OnConflict = ConflictPolicy.LastWins }, ConflictPolicy.Warn));
        Assert.Equal(ConflictPolicy.LastWins, merge.OnConflict);
    }

    [Fact]
    public void A_failed_branch_s_layer_is_discarded_not_merged()
    {
        var run = Driver(Seed(Writing with { FailFast = false }));
        run.Begin();
        run.Fail("writing_file_1");
        var merge = run.Succeed("writing_file_2").OfType<MergeLayers>().Single();

        Assert.Equal(["writing_file_2"], merge.Merge.Select(b => b.Layer));
        Assert.Equal(["writing_file_1"], merge.Discard);
        run.Send(new LayersMerged(run.Advance(), "WritingInParallel", []));
        Assert.Equal(StepStatus.Failed, run.State.StatusOf("WritingInParallel"));
    }

    [Fact]
    public void Isolate_false_shares_the_directory_as_before()
    {
        var run = Driver(Seed(Writing with { Isolate = false }));
        var starts = run.Begin().OfType<StartAttempt>().ToList();
        Assert.All(starts, s => Assert.Null(s.Layers));

        run.Succeed("writing_file_1");
        var atEnd = run.Succeed("writing_file_2");
        Assert.Empty(atEnd.OfType<MergeLayers>());
        Assert.Equal(["MyListing"], EngineDriver.Starts(atEnd));
    }

    [Fact]
    public void Steps_of_a_sequence_inside_a_branch_share_its_layer_and_a_nested_group_merges_into_it()
    {
        var run = Driver(Pipeline(Parallel("outer",
            Sequence("chain", Run("build", "make"), Parallel("inner", Run("x", "x"), Run("y", "y"))),
            Run("other", "o"))));
        var first = run.Begin().OfType<StartAttempt>().ToList();
        Assert.Equal(["chain"], first.Single(s => s.StepId == "build").Layers!);

        var inner = run.Succeed("build").OfType<StartAttempt>().ToList();
        Assert.Equal(["chain", "x"], inner.Single(s => s.StepId == "x").Layers!);

        run.Succeed("x");
        var merge = run.Succeed("y").OfType<MergeLayers>().Single();
        Assert.Equal("inner", merge.GroupId);
        Assert.Equal(["chain"], merge.Into);
    }

    [Fact]
    public void Each_forEach_item_is_a_branch()
    {
        var run = Driver(Pipeline(ForEach("deploy", ["eu", "us"], Run("push", "push {{ item }}"))));
        var starts = run.Begin().OfType<StartAttempt>().ToList();

        Assert.Equal(["deploy[0]"], starts.Single(s => s.StepId == "push[0]").Layers!);
        Assert.Equal(["deploy[1]"], starts.Single(s => s.StepId == "push[1]").Layers!);
        run.Succeed("push[0]");
        var merge = run.Succeed("push[1]").OfType<MergeLayers>().Single();
        Assert.Equal(["deploy[0]", "deploy[1]"], merge.Merge.Select(b => b.Layer));
    }

    [Fact]
    public void A_race_merges_its_winner_and_discards_the_branches_it_cancels()
    {
        var run = Driver(Pipeline(Writing with { Wait = WaitPolicy.Any }, Run("next", "n")));
        run.Begin();
        var decided = run.Succeed("writing_file_2");

        var merge = decided.OfType<MergeLayers>().Single();
        Assert.Equal(["writing_file_2"], merge.Merge.Select(b => b.Layer));
        Assert.Equal(["writing_file_1"], merge.Discard);
        Assert.Equal(["writing_file_1"], EngineDriver.Cancels(decided));
        Assert.Empty(EngineDriver.Starts(decided));

        Assert.Equal(["next"], EngineDriver.Starts(run.Send(new LayersMerged(run.Advance(), "WritingInParallel", []))));
    }

    [Fact]
    public void A_merge_that_could_not_be_done_fails_the_group_with_its_reason()
    {
        var (run, _) = BothSucceed(Seed(Writing));
        run.Send(new LayersMerged(run.Advance(), "WritingInParallel", [], "disk full"));

        Assert.Equal("could not merge the branches of WritingInParallel: disk full",
            run.State.Report().Steps.Single(s => s.Id == "WritingInParallel").Reason);
    }

    [Fact]
    public void A_merge_unanswered_before_a_restart_is_asked_for_again()
    {
        var (run, _) = BothSucceed(Seed(Writing));
        var again = run.Send(new RunResumed(run.Advance(), false, null));
        Assert.Equal("WritingInParallel", again.OfType<MergeLayers>().Single().GroupId);
    }

    [Fact]
    public void A_user_cancel_while_merging_ends_the_group_cancelled_once_merged()
    {
        var (run, _) = BothSucceed(Seed(Writing));
        run.Cancel();
        Assert.Equal(RunStatus.Running, run.State.Status); // the run waits for the merge

        run.Send(new LayersMerged(run.Advance(), "WritingInParallel", []));
        Assert.Equal(StepStatus.Cancelled, run.State.StatusOf("WritingInParallel"));
        Assert.Equal(RunStatus.Cancelled, run.State.Status);
    }

    [Fact]
    public void A_merge_s_answer_is_stored_and_replayed_with_its_conflicts()
    {
        var (run, _) = BothSucceed(Seed(Writing));
        run.Send(RunEventJson.Deserialize(RunEventJson.Serialize(
            new LayersMerged(run.Advance(), "WritingInParallel", [new LayerConflict("first.txt", "Step1A", "Step1B")]))));

        var replayed = EngineState.Create(RunPlan.Compile(Seed(Writing)), "run-1");
        foreach (var e in run.Sent.Select(e => RunEventJson.Deserialize(RunEventJson.Serialize(e))))
        {
            Scheduler.Decide(replayed, e);
        }

        Assert.Equal(run.State.Report().Steps.Select(s => (s.Id, s.Status, s.Reason)), replayed.Report().Steps.Select(s => (s.Id, s.Status, s.Reason)));
        Assert.Equal(StepStatus.Failed, replayed.StatusOf("WritingInParallel"));
    }

    [Fact]
    public void Simulate_is_unaffected()
    {
        var r = Simulate(Seed(Writing));
        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
        Assert.Equal(1, r.Start("MyListing"));
    }
}
