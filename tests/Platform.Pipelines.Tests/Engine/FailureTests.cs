using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class FailureTests
{
    [Fact]
    public void When_a_parallel_step_fails_running_siblings_are_cancelled_and_the_run_fails()
    {
        var r = Simulate(Pipeline(Parallel("fan", Sleep("fast", 1), Sleep("slow", 10)), Sleep("after")), Failing("fast"));

        Assert.Equal(RunStatus.Failed, r.Report.Status);
        Assert.Equal(StepStatus.Failed, r.Status("fast"));
        Assert.Equal(StepStatus.Cancelled, r.Status("slow"));
        Assert.Equal(1, r.End("slow"));
        Assert.Contains("fast failed", r.Step("slow").Reason);
        Assert.Equal(StepStatus.Skipped, r.Status("after"));
        Assert.Contains(r.Decisions, d => d.Decision is CancelAttempt { StepId: "slow" } && d.At == S(1));
    }

    [Fact]
    public void With_fail_fast_off_siblings_go_on_and_the_group_fails_when_all_are_done()
    {
        var group = Parallel("fan", Sleep("fast", 1), Sleep("slow", 10)) with { FailFast = false };
        var r = Simulate(Pipeline(group, Sleep("after")), Failing("fast"));

        Assert.Equal(StepStatus.Succeeded, r.Status("slow"));
        Assert.Equal(10, r.End("slow"));
        Assert.Equal(StepStatus.Skipped, r.Status("after"));
        Assert.Equal(RunStatus.Failed, r.Report.Status);
    }

    [Fact]
    public void Pending_children_of_a_failing_parallel_group_are_skipped()
    {
        var group = Parallel("fan", Sleep("bad", 1), Sleep("b", 5), Sleep("c", 5)) with { Concurrency = 2 };
        var r = Simulate(Pipeline(group), Failing("bad"));

        Assert.Equal(StepStatus.Cancelled, r.Status("b"));
        Assert.Equal(StepStatus.Skipped, r.Status("c"));
        Assert.Null(r.Step("c").StartedAt);
    }

    [Fact]
    public void An_allowed_failure_neither_fails_the_group_nor_cancels_siblings()
    {
        var r = Simulate(Pipeline(Parallel("fan", Sleep("flaky", 1, allowFailure: true), Sleep("slow", 3)), Sleep("after")), Failing("flaky"));

        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
        Assert.Equal(StepStatus.Failed, r.Status("flaky"));
        Assert.Equal(StepStatus.Succeeded, r.Status("slow"));
        Assert.Equal(3, r.Start("after"));
    }

    [Fact]
    public void A_failing_step_is_retried_with_backoff_and_succeeds_on_a_later_attempt()
    {
        var retry = new RetryPolicy(4, S(2), 2, null);
        var options = new SimulationOptions { Failing = new HashSet<string> { "flaky" }, FailAttempts = new Dictionary<string, int> { ["flaky"] = 2 } };
        var r = Simulate(Pipeline(Sleep("flaky", 1, retry: retry), Sleep("after")), options);

        Assert.Equal(StepStatus.Succeeded, r.Status("flaky"));
        Assert.Equal(3, r.Step("flaky").Attempts);
        // attempt 1: 0-1, wait 2s, attempt 2: 3-4, wait 4s, attempt 3: 8-9
        var starts = r.Decisions.Where(d => d.Decision is StartAttempt { StepId: "flaky" }).Select(d => d.At.TotalSeconds);
        Assert.Equal([0d, 3, 8], starts);
        Assert.Equal(9, r.Start("after"));
    }

    [Fact]
    public void A_step_that_fails_every_attempt_fails_after_its_last_attempt()
    {
        var r = Simulate(Pipeline(Sleep("bad", 1, retry: new RetryPolicy(3, TimeSpan.Zero, 1, null))), Failing("bad"));

        Assert.Equal(StepStatus.Failed, r.Status("bad"));
        Assert.Equal(3, r.Step("bad").Attempts);
        Assert.Contains("after 3 attempts", r.Step("bad").Reason);
    }

    [Fact]
    public void A_step_over_its_timeout_is_cancelled_and_ends_timed_out()
    {
        var r = Simulate(Pipeline(Sleep("slow", 30, timeout: 2), Sleep("after", when: When.Always)));

        Assert.Equal(StepStatus.TimedOut, r.Status("slow"));
        Assert.Equal(2, r.End("slow"));
        Assert.Contains(r.Decisions, d => d.Decision is CancelAttempt { StepId: "slow" });
        Assert.Equal(RunStatus.Failed, r.Report.Status);
        Assert.Equal(2, r.Start("after"));
    }

    [Fact]
    public void A_timed_out_attempt_is_retried()
    {
        var options = new SimulationOptions
        {
            Attempt = s => s.StepId == "slow" ? new SimulatedAttempt(S(s.Attempt == 1 ? 30 : 1)) : null,
        };
        var r = Simulate(Pipeline(Sleep("slow", 30, timeout: 2, retry: new RetryPolicy(2, S(1), 1, null))), options);

        Assert.Equal(StepStatus.Succeeded, r.Status("slow"));
        Assert.Equal(2, r.Step("slow").Attempts);
        Assert.Equal(4, r.End("slow"));
    }

    [Fact]
    public void A_run_over_its_timeout_is_cancelled_with_status_failed_and_finally_still_runs()
    {
        var r = Simulate(Pipeline([Sleep("long", 100), Sleep("next")], [Sleep("cleanup")], timeout: 5));

        Assert.Equal(RunStatus.Failed, r.Report.Status);
        Assert.Equal(StepStatus.Cancelled, r.Status("long"));
        Assert.Equal(5, r.End("long"));
        Assert.Equal(StepStatus.Skipped, r.Status("next"));
        Assert.Equal(StepStatus.Succeeded, r.Status("cleanup"));
        Assert.Equal(5, r.Start("cleanup"));
    }

    [Fact]
    public void A_group_over_its_timeout_cancels_its_children_and_counts_as_a_failure()
    {
        var group = Parallel("fan", Sleep("a", 10), Sleep("b", 1)) with { Timeout = S(3) };
        var r = Simulate(Pipeline(group, Sleep("after")));

        Assert.Equal(StepStatus.Cancelled, r.Status("a"));
        Assert.Equal(StepStatus.Succeeded, r.Status("b"));
        Assert.Equal(StepStatus.Skipped, r.Status("after"));
        Assert.Equal(RunStatus.Failed, r.Report.Status);
    }

    [Fact]
    public void Finally_steps_run_after_a_failure_and_all_of_them_run()
    {
        var r = Simulate(Pipeline([Sleep("bad")], [Sleep("f1"), Sleep("f2")]), Failing("bad", "f1"));

        Assert.Equal(StepStatus.Failed, r.Status("f1"));
        Assert.Equal(StepStatus.Succeeded, r.Status("f2"));
        Assert.Equal(RunStatus.Failed, r.Report.Status);
    }

    [Fact]
    public void A_failing_finally_step_fails_an_otherwise_successful_run()
    {
        var r = Simulate(Pipeline([Sleep("ok")], [Sleep("f1")]), Failing("f1"));

        Assert.Equal(RunStatus.Failed, r.Report.Status);
    }

    [Fact]
    public void Cancelling_a_run_cancels_running_steps_skips_pending_ones_and_runs_finally()
    {
        var r = Simulate(
            Pipeline([Parallel("fan", Sleep("a", 10), Sleep("b", 10)), Sleep("next", when: When.Always)], [Sleep("cleanup")]),
            new SimulationOptions { CancelAt = S(2) });

        Assert.Equal(RunStatus.Cancelled, r.Report.Status);
        Assert.Equal(StepStatus.Cancelled, r.Status("a"));
        Assert.Equal(StepStatus.Cancelled, r.Status("b"));
        Assert.Equal(StepStatus.Skipped, r.Status("next"));
        Assert.Equal(StepStatus.Succeeded, r.Status("cleanup"));
        Assert.Equal(2, r.Start("cleanup"));
        Assert.Equal(3, r.WallSeconds);
    }

    [Fact]
    public void A_nested_failure_rises_to_the_enclosing_scope_and_cancels_the_other_branch()
    {
        var r = Simulate(
            Pipeline(Parallel("outer", Sequence("left", Sleep("l1"), Sleep("l2")), Sequence("right", Sleep("r1", 10)))),
            Failing("l2"));

        Assert.Equal(StepStatus.Cancelled, r.Status("r1"));
        Assert.Equal(2, r.End("r1"));
        Assert.Equal(RunStatus.Failed, r.Report.Status);
    }

    [Fact]
    public void A_when_failure_child_of_a_parallel_group_runs_once_a_sibling_fails()
    {
        var r = Simulate(Pipeline(Parallel("fan", Sleep("bad", 2), Sleep("alert", when: When.Failure))), Failing("bad"));

        Assert.Equal(StepStatus.Succeeded, r.Status("alert"));
        Assert.Equal(2, r.Start("alert"));
    }
}
