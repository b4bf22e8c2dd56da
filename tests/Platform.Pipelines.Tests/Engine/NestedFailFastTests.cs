using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>Fail-fast treats every depth below the failing scope as it treats the direct scope.</summary>
public class NestedFailFastTests
{
    private static ParallelGroup FireAndForget(string id, params Node[] children) => Parallel(id, children) with { Wait = WaitPolicy.None };

    [Fact]
    public void A_failure_one_level_up_spares_fire_and_forget_children_as_it_does_in_the_direct_scope()
    {
        var nested = Simulate(Pipeline(Parallel("outer", Sleep("boom", 1), Sequence("seq", FireAndForget("detached", Sleep("bg", 5)), Sleep("fg", 5)))), Failing("boom"));

        Assert.Equal(StepStatus.Succeeded, nested.Status("bg"));
        Assert.Equal(5, nested.End("bg"));
        Assert.Equal(StepStatus.Cancelled, nested.Status("fg"));
        Assert.Equal(RunStatus.Failed, nested.Report.Status);

        var direct = Simulate(Pipeline(Parallel("outer", Sleep("boom", 1), FireAndForget("detached", Sleep("bg", 5)))), Failing("boom"));
        Assert.Equal(StepStatus.Succeeded, direct.Status("bg"));
    }

    [Fact]
    public void A_when_always_step_in_a_nested_sequence_still_runs_after_fail_fast()
    {
        var nested = Simulate(Pipeline(Parallel("outer", Sleep("boom", 1), Sequence("seq", Sleep("work", 5), Sleep("cleanup", 2, when: When.Always)))), Failing("boom"));

        Assert.Equal(StepStatus.Cancelled, nested.Status("work"));
        Assert.Equal(StepStatus.Succeeded, nested.Status("cleanup"));
        Assert.Equal(1, nested.Start("cleanup"));
        Assert.Equal(StepStatus.Cancelled, nested.Status("seq"));

        var top = Simulate(Pipeline([Sleep("boom", 1), Sleep("work", 5), Sleep("cleanup", 2, when: When.Always)], []), Failing("boom"));
        Assert.Equal(StepStatus.Succeeded, top.Status("cleanup"));
    }

    [Fact]
    public void A_when_failure_step_in_a_nested_sequence_runs_when_fail_fast_stops_its_group()
    {
        var r = Simulate(Pipeline(Parallel("outer", Sleep("boom", 1), Sequence("seq", Sleep("work", 5), Sleep("report", 1, when: When.Failure)))), Failing("boom"));

        Assert.Equal(StepStatus.Succeeded, r.Status("report"));
    }

    [Fact]
    public void Fail_fast_three_levels_down_cancels_plain_steps_and_spares_the_same_nodes()
    {
        var deep = Sequence("l1", Parallel("l2", Sequence("l3", Sleep("deep", 9), Sleep("deepAlways", 1, when: When.Always))));
        var r = Simulate(Pipeline(Parallel("outer", Sleep("boom", 1), deep)), Failing("boom"));

        Assert.Equal(StepStatus.Cancelled, r.Status("deep"));
        Assert.Equal(StepStatus.Succeeded, r.Status("deepAlways"));
        Assert.Equal(1, r.Start("deepAlways"));
    }

    [Fact]
    public void Running_when_always_and_when_failure_steps_are_not_cancelled_by_fail_fast()
    {
        var r = Simulate(Pipeline(Parallel("fan", Sleep("boom", 1), Sleep("watch", 5, when: When.Always), Sleep("slow", 5))), Failing("boom"));

        Assert.Equal(StepStatus.Succeeded, r.Status("watch"));
        Assert.Equal(5, r.End("watch"));
        Assert.Equal(StepStatus.Cancelled, r.Status("slow"));
        Assert.DoesNotContain(r.Decisions, d => d.Decision is CancelAttempt { StepId: "watch" });
    }

    [Fact]
    public void A_running_when_always_step_in_a_nested_group_is_not_cancelled_either()
    {
        var r = Simulate(Pipeline(Parallel("outer", Sleep("boom", 2), Parallel("inner", Sleep("watch", 5, when: When.Always), Sleep("plain", 5)))), Failing("boom"));

        Assert.Equal(StepStatus.Succeeded, r.Status("watch"));
        Assert.Equal(StepStatus.Cancelled, r.Status("plain"));
        Assert.Equal(StepStatus.Cancelled, r.Status("inner"));
    }

    [Fact]
    public void A_user_cancel_and_a_run_timeout_still_stop_when_always_steps_and_detached_children()
    {
        var pipeline = Pipeline(Parallel("fan", Sleep("watch", 10, when: When.Always), FireAndForget("detached", Sleep("bg", 10))));
        var cancelled = Simulate(pipeline, new SimulationOptions { CancelAt = S(2) });
        Assert.Equal(StepStatus.Cancelled, cancelled.Status("watch"));
        Assert.Equal(StepStatus.Cancelled, cancelled.Status("bg"));
        Assert.Equal(2, cancelled.End("watch"));

        var timedOut = Simulate(Pipeline([Parallel("fan", Sleep("watch", 10, when: When.Always), FireAndForget("detached", Sleep("bg", 10)))], [], timeout: 3));
        Assert.Equal(StepStatus.Cancelled, timedOut.Status("watch"));
        Assert.Equal(StepStatus.Cancelled, timedOut.Status("bg"));
        Assert.Equal(RunStatus.Failed, timedOut.Report.Status);
    }

    [Fact]
    public void A_failure_inside_a_when_always_group_still_fails_fast_inside_it()
    {
        var always = Parallel("guard", Sleep("inner-boom", 1), Sleep("inner-slow", 5)) with { When = When.Always };
        var r = Simulate(Pipeline(Parallel("outer", Sleep("boom", 1), always)), Failing("boom", "inner-boom"));

        Assert.Equal(StepStatus.Cancelled, r.Status("inner-slow"));
        Assert.Equal("cancelled: inner-boom failed (in guard)", r.Step("inner-slow").Reason);
    }
}
