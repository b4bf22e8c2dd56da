using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class WaitPolicyTests
{
    private static ParallelGroup Race(WaitPolicy wait, params Node[] children) => Parallel("race", children) with { Wait = wait };

    [Fact]
    public void Wait_any_succeeds_with_the_first_success_and_cancels_the_losers()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Any, Sleep("a", 3), Sleep("b", 1), Sleep("c", 5)), Sleep("next")));

        Assert.Equal(StepStatus.Succeeded, r.Status("b"));
        Assert.Equal(StepStatus.Cancelled, r.Status("a"));
        Assert.Equal(StepStatus.Cancelled, r.Status("c"));
        Assert.Equal(1, r.Start("next"));
        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
    }

    [Fact]
    public void Wait_any_ignores_failures_until_every_child_has_failed()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Any, Sleep("a", 1), Sleep("b", 2))), Failing("a"));
        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
        Assert.Equal(StepStatus.Succeeded, r.Status("b"));

        var all = Simulate(Pipeline(Race(WaitPolicy.Any, Sleep("a", 1), Sleep("b", 2)), Sleep("next")), Failing("a", "b"));
        Assert.Equal(RunStatus.Failed, all.Report.Status);
        Assert.Equal(StepStatus.Skipped, all.Status("next"));
    }

    [Fact]
    public void A_quorum_succeeds_once_enough_children_succeeded_and_cancels_the_rest()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Quorum(2), Sleep("a", 1), Sleep("b", 2), Sleep("c", 3)), Sleep("next")));

        Assert.Equal(StepStatus.Cancelled, r.Status("c"));
        Assert.Equal(2, r.Start("next"));
    }

    [Fact]
    public void A_quorum_fails_as_soon_as_it_has_become_impossible()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Quorum(2), Sleep("a", 1), Sleep("b", 2), Sleep("c", 9))), Failing("a", "b"));

        Assert.Equal(RunStatus.Failed, r.Report.Status);
        Assert.Equal(StepStatus.Cancelled, r.Status("c"));
        Assert.Equal(2, r.End("c"));
    }

    [Fact]
    public void Fire_and_forget_children_do_not_hold_back_what_follows_but_the_run_waits_for_them()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.None, Sleep("bg", 10)), Sleep("next", 1)));

        Assert.Equal(0, r.Start("next"));
        Assert.Equal(StepStatus.Succeeded, r.Status("bg"));
        Assert.Equal(10, r.WallSeconds);
    }

    [Fact]
    public void A_failing_fire_and_forget_child_is_reported_but_does_not_fail_the_run()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.None, Sleep("bg", 3)), Sleep("next", 1)), Failing("bg"));

        Assert.Equal(StepStatus.Failed, r.Status("bg"));
        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
        Assert.Equal(3, r.WallSeconds);
    }

    [Fact]
    public void A_fire_and_forget_child_survives_a_fail_fast_failure_but_not_a_user_cancel()
    {
        var pipeline = Pipeline(Parallel("outer", Race(WaitPolicy.None, Sleep("bg", 10)), Sleep("bad", 1)));

        var failed = Simulate(pipeline, Failing("bad"));
        Assert.Equal(StepStatus.Succeeded, failed.Status("bg"));

        var cancelled = Simulate(pipeline, new Simulation.SimulationOptions { CancelAt = S(0.5) });
        Assert.Equal(StepStatus.Cancelled, cancelled.Status("bg"));
        Assert.Equal(RunStatus.Cancelled, cancelled.Report.Status);
    }

    // An allowed failure is not a success: it never wins a race nor counts toward a quorum.
    [Fact]
    public void An_allowed_failure_does_not_win_a_race_and_the_real_work_goes_on()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Any, Sleep("flaky", 1, allowFailure: true), Sleep("real", 3)), Sleep("next")), Failing("flaky"));

        Assert.Equal(StepStatus.Succeeded, r.Status("real"));
        Assert.Equal(3, r.Start("next"));
        Assert.Equal(StepStatus.Succeeded, r.Status("race"));
        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
    }

    [Fact]
    public void An_allowed_failure_does_not_count_toward_a_quorum()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Quorum(2), Sleep("flaky", 1, allowFailure: true), Sleep("b", 2), Sleep("c", 3), Sleep("d", 9)), Sleep("next")), Failing("flaky"));

        Assert.Equal(StepStatus.Succeeded, r.Status("c"));
        Assert.Equal(StepStatus.Cancelled, r.Status("d"));
        Assert.Equal(3, r.Start("next"));
        Assert.Contains("race reached 2 successful branches (c completed it)", r.Step("d").Reason);
    }

    [Fact]
    public void A_race_that_only_allowed_failures_could_still_win_fails()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Any, Sleep("a", 1, allowFailure: true), Sleep("b", 2)), Sleep("next")), Failing("a", "b"));

        Assert.Equal(StepStatus.Failed, r.Status("race"));
        Assert.Equal(RunStatus.Failed, r.Report.Status);
        Assert.Equal(StepStatus.Skipped, r.Status("next"));
    }

    [Fact]
    public void A_quorum_fails_as_soon_as_real_successes_cannot_reach_it()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Quorum(2), Sleep("a", 1, allowFailure: true), Sleep("b", 2), Sleep("c", 9))), Failing("a", "b"));

        Assert.Equal(StepStatus.Failed, r.Status("race"));
        Assert.Equal(StepStatus.Cancelled, r.Status("c"));
        Assert.Equal(2, r.End("c"));
        Assert.Equal("cancelled: race can no longer reach 2 successful branches", r.Step("c").Reason);
    }

    [Fact]
    public void The_losers_of_a_race_name_the_winner()
    {
        var r = Simulate(Pipeline(Race(WaitPolicy.Any, Sleep("slow", 5), Sleep("fast", 1))));

        Assert.Equal("cancelled: race was won by fast", r.Step("slow").Reason);
    }
}
