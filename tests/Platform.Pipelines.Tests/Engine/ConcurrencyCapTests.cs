using CsCheck;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>
/// <c>run --sequential</c> and <c>--concurrency N</c>: every group and the run capped, children in declared
/// (DAG: topological) order, every other rule unchanged.
/// </summary>
public sealed class ConcurrencyCapTests
{
    private static readonly SimulationOptions Sequential = new() { ConcurrencyCap = 1 };

    [Fact]
    public void Sequential_runs_a_parallel_groups_children_one_at_a_time_in_declared_order()
    {
        var result = Simulate(Pipeline(Parallel("p", Sleep("a"), Sleep("b", 2), Sleep("c"))), Sequential);

        Assert.Equal([0.0, 1.0, 3.0], new[] { "a", "b", "c" }.Select(result.Start));
        Assert.Equal(4.0, result.WallSeconds, 3);
        Assert.Equal(1, result.Report.ConcurrencyCap);
    }

    [Fact]
    public void Sequential_runs_a_dag_in_topological_order_and_keeps_needs_and_when()
    {
        var result = Simulate(Pipeline(Dag("d",
            Sleep("report", needs: ["unit"], when: When.Always),
            Sleep("unit", needs: ["build"]),
            Sleep("lint"),
            Sleep("build"))), Sequential with { Failing = new HashSet<string> { "unit" } });

        Assert.True(result.Start("unit") >= result.End("build"));
        Assert.True(result.Start("report") >= result.End("unit"));
        Assert.Equal(StepStatus.Failed, result.Status("unit"));
        Assert.Equal(StepStatus.Succeeded, result.Status("report"));
        AssertNoOverlap(result);
    }

    [Fact]
    public void Sequential_tries_a_races_branches_in_turn_until_one_succeeds()
    {
        var race = Parallel("race", Sleep("m1"), Sleep("m2"), Sleep("m3")) with { Wait = WaitPolicy.Any };
        var result = Simulate(Pipeline(race), Sequential with { Failing = new HashSet<string> { "m1" } });

        Assert.Equal(StepStatus.Failed, result.Status("m1"));
        Assert.Equal(StepStatus.Succeeded, result.Status("m2"));
        Assert.Equal(StepStatus.Skipped, result.Status("m3"));
        Assert.Equal(StepStatus.Succeeded, result.Status("race"));
        Assert.Equal(1.0, result.Start("m2"), 3);
    }

    [Fact]
    public void Sequential_runs_each_foreach_item_to_its_end_before_the_next()
    {
        var result = Simulate(Pipeline(ForEach("each", ["x", "y"], Sleep("s1"), Sleep("s2"))), Sequential);

        Assert.True(result.Start("s1[1]") >= result.End("s2[0]"));
        AssertNoOverlap(result);
    }

    [Fact]
    public void Sequential_holds_fire_and_forget_children_and_what_follows_to_one_step_at_a_time()
    {
        var detached = Parallel("bg", Sleep("b1"), Sleep("b2")) with { Wait = WaitPolicy.None };
        var result = Simulate(Pipeline(detached, Sleep("after")), Sequential);

        AssertNoOverlap(result);
        Assert.Equal(3.0, result.WallSeconds, 3);
    }

    [Fact]
    public void Sequential_keeps_retries_and_fail_fast()
    {
        var flaky = Sleep("flaky", retry: new RetryPolicy(2, TimeSpan.Zero, 1, null));
        var result = Simulate(Pipeline(Parallel("p", flaky, Sleep("broken"), Sleep("never"))),
            Sequential with { Failing = new HashSet<string> { "flaky", "broken" }, FailAttempts = new Dictionary<string, int> { ["flaky"] = 1 } });

        Assert.Equal(StepStatus.Succeeded, result.Status("flaky"));
        Assert.Equal(2, result.Step("flaky").Attempts);
        Assert.Equal(StepStatus.Failed, result.Status("broken"));
        Assert.Equal(StepStatus.Skipped, result.Status("never"));
    }

    [Fact]
    public void Any_pipeline_run_sequentially_finishes_and_never_has_two_steps_in_flight()
    {
        RandomPipelines.Pipeline.Sample(p =>
        {
            var result = Simulator.Run(RunPlan.Compile(p), Sequential);
            Assert.True(result.Report.Status is RunStatus.Succeeded or RunStatus.Failed);
            Assert.True(result.PeakInFlight <= 1, $"{result.PeakInFlight} steps in flight at once");
            AssertNoOverlap(result);
        }, iter: 300);
    }

    [Fact]
    public void A_concurrency_cap_bounds_every_group_and_the_run()
    {
        RandomPipelines.Pipeline.Sample(p =>
        {
            var result = Simulator.Run(RunPlan.Compile(p), new SimulationOptions { ConcurrencyCap = 2 });
            Assert.True(result.Report.Status is RunStatus.Succeeded or RunStatus.Failed);
            Assert.True(result.PeakInFlight <= 2, $"{result.PeakInFlight} steps in flight at once");
        }, iter: 300);
    }

    private static void AssertNoOverlap(SimulationResult result)
    {
        // Ties broken by the end: a step started and cancelled in one instant, then the next started in
        // that instant, is one after the other, not an overlap.
        var ran = result.Report.StepRows.Where(s => s.StartedAt is not null && s.FinishedAt is not null)
            .OrderBy(s => s.StartedAt).ThenBy(s => s.FinishedAt).ToList();
        for (var i = 1; i < ran.Count; i++)
        {
            Assert.True(ran[i].StartedAt >= ran[i - 1].FinishedAt, $"{ran[i].Id} started before {ran[i - 1].Id} finished");
        }
    }
}
