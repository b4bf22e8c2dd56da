using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class SequenceAndParallelTests
{
    [Fact]
    public void Top_level_steps_run_one_after_another_in_order()
    {
        var r = Simulate(Pipeline(Sleep("a", 1), Sleep("b", 2), Sleep("c", 1)));

        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
        Assert.Equal([0d, 1, 3], [r.Start("a"), r.Start("b"), r.Start("c")]);
        Assert.Equal(4, r.WallSeconds);
        Assert.Equal(4, r.SequentialSeconds);
    }

    [Fact]
    public void Parallel_children_start_together_and_the_next_step_waits_for_the_slowest()
    {
        var r = Simulate(Pipeline(Parallel("fan", Sleep("a", 1), Sleep("b", 3), Sleep("c", 2)), Sleep("after", 1)));

        Assert.Equal([0d, 0, 0], [r.Start("a"), r.Start("b"), r.Start("c")]);
        Assert.Equal(3, r.Start("after"));
        Assert.Equal(4, r.WallSeconds);
        Assert.Equal(7, r.SequentialSeconds);
        Assert.Equal(["b", "after"], r.CriticalPath);
    }

    [Fact]
    public void A_parallel_group_concurrency_limit_caps_children_in_flight()
    {
        var children = Enumerable.Range(0, 6).Select(i => (Node)Sleep($"s{i}", 1)).ToArray();
        var group = Parallel("fan", children) with { Concurrency = 2 };
        var r = Simulate(Pipeline(group));

        Assert.Equal(3, r.WallSeconds);
        Assert.Equal(2, r.PeakInFlight);
        Assert.Equal([0d, 0, 1, 1, 2, 2], Enumerable.Range(0, 6).Select(i => r.Start($"s{i}")));
    }

    [Fact]
    public void The_run_concurrency_limit_caps_steps_in_flight_across_groups()
    {
        var g1 = Parallel("g1", Sleep("a"), Sleep("b"), Sleep("c"));
        var g2 = Parallel("g2", Sleep("d"), Sleep("e"));
        var r = Simulate(Pipeline([Parallel("outer", g1, g2)], [], concurrency: 2));

        Assert.Equal(2, r.PeakInFlight);
        Assert.Equal(3, r.WallSeconds);
        Assert.All(r.Report.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
    }

    [Fact]
    public void Nested_sequences_inside_parallel_run_their_children_in_order()
    {
        var r = Simulate(Pipeline(Parallel("fan",
            Sequence("left", Sleep("l1", 1), Sleep("l2", 1)),
            Sequence("right", Sleep("r1", 2), Sleep("r2", 2)))));

        Assert.Equal(1, r.Start("l2"));
        Assert.Equal(2, r.Start("r2"));
        Assert.Equal(4, r.WallSeconds);
    }

    [Fact]
    public void A_ten_thousand_step_fan_out_finishes_with_every_step_succeeded()
    {
        var children = Enumerable.Range(0, 10_000).Select(i => (Node)Sleep($"s{i}", 1)).ToArray();
        var r = Simulate(Pipeline(Parallel("wide", children) with { Concurrency = 100 }));

        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
        Assert.Equal(10_000, r.Report.StepRows.Count(s => s.Status == StepStatus.Succeeded));
        Assert.Equal(100, r.WallSeconds);
        Assert.Equal(100, r.PeakInFlight);
    }

    [Fact]
    public void A_step_whose_condition_is_false_is_skipped_with_the_reason()
    {
        var r = Simulate(Pipeline(Sleep("a"), Sleep("b", @if: "steps.a.status == 'failed'"), Sleep("c")));

        Assert.Equal(StepStatus.Skipped, r.Status("b"));
        Assert.Contains("condition is false", r.Step("b").Reason);
        Assert.Null(r.Step("b").StartedAt);
        Assert.Equal(1, r.Start("c"));
    }

    [Fact]
    public void In_a_sequence_after_a_failure_later_steps_are_skipped_but_when_always_and_failure_ones_run()
    {
        var r = Simulate(
            Pipeline(Sleep("a"), Sleep("b"), Sleep("c"), Sleep("cleanup", when: When.Always), Sleep("alert", when: When.Failure)),
            Failing("b"));

        Assert.Equal(RunStatus.Failed, r.Report.Status);
        Assert.Equal(StepStatus.Skipped, r.Status("c"));
        Assert.Equal(StepStatus.Succeeded, r.Status("cleanup"));
        Assert.Equal(StepStatus.Succeeded, r.Status("alert"));
    }

    [Fact]
    public void A_when_failure_step_is_skipped_when_nothing_failed()
    {
        var r = Simulate(Pipeline(Sleep("a"), Sleep("alert", when: When.Failure), Sleep("b")));

        Assert.Equal(RunStatus.Succeeded, r.Report.Status);
        Assert.Equal(StepStatus.Skipped, r.Status("alert"));
        Assert.Equal(1, r.Start("b"));
    }

    [Fact]
    public void A_report_lists_every_step_once_in_pipeline_order_with_finally_last()
    {
        var r = Simulate(Pipeline([Sleep("a"), Parallel("p", Sleep("b"), Sleep("c"))], [Sleep("z")]));

        Assert.Equal(["a", "b", "c", "z"], r.Report.StepRows.Select(s => s.Id));
    }
}
