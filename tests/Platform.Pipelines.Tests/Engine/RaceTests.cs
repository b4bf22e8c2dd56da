using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>An allowed failure is not a success: it never wins a race nor counts toward a quorum.</summary>
public class RaceTests
{
    private static ParallelGroup Race(WaitPolicy wait, params Node[] children) => Parallel("race", children) with { Wait = wait };

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
