using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>What the report says: root causes, group rows, items, and no times for what never ran.</summary>
public class ReportTests
{
    [Fact]
    public void A_cancelled_sibling_names_the_step_that_failed_and_where_not_a_generated_group()
    {
        var inner = Sequence("parallel-1-1", Sleep("build", 1), Sleep("package", 1));
        var r = Simulate(Pipeline(Parallel("parallel-1", inner, Sleep("test", 5)), Sleep("after")), Failing("build"));

        Assert.Equal("cancelled: build failed (in parallel-1)", r.Step("test").Reason);
        Assert.Equal("skipped: build failed (in parallel-1-1)", r.Step("package").Reason);
        Assert.Equal("skipped: build failed", r.Step("after").Reason);
        Assert.Equal("build failed (in parallel-1-1)", r.Step("parallel-1").Reason);
    }

    [Fact]
    public void No_reason_carries_two_status_prefixes()
    {
        var deep = Parallel("outer", Sleep("boom", 1), Sequence("seq", Parallel("inner", Sleep("a", 5), Sleep("b", 5)), Sleep("c")));
        var r = Simulate(Pipeline([deep, Sleep("d")], [Sleep("f")]), Failing("boom"));

        foreach (var row in r.Report.Steps.Where(s => s.Reason is not null))
        {
            var prefixes = new[] { "cancelled: ", "skipped: " }.Sum(p => CountOf(row.Reason!, p));
            Assert.True(prefixes <= 1, $"{row.Id}: {row.Reason}");
        }

        Assert.Equal("cancelled: boom failed (in outer)", r.Step("a").Reason);
        Assert.Equal("skipped: boom failed (in outer)", r.Step("c").Reason);
    }

    [Fact]
    public void A_step_that_never_started_has_no_times_and_no_attempts()
    {
        var d = new EngineDriver(Pipeline(Run("build", "make"), Run("ship", "ship {{ steps.build.outputs.version }}")));
        d.Begin();
        d.Started("build");
        d.Succeed("build");

        var ship = d.State.Report().Steps.Single(s => s.Id == "ship");
        Assert.Equal(StepStatus.Failed, ship.Status);
        Assert.Null(ship.StartedAt);
        Assert.Null(ship.FinishedAt);
        Assert.Equal(0, ship.Attempts);
        Assert.Contains("has no output 'version'", ship.Reason);
    }

    [Fact]
    public void Skipped_and_never_started_steps_have_no_times()
    {
        var r = Simulate(Pipeline(Parallel("fan", Sleep("bad", 1), Sleep("b", 5)) with { Concurrency = 1 }, Sleep("after")), Failing("bad"));

        foreach (var id in new[] { "b", "after" })
        {
            Assert.Equal(StepStatus.Skipped, r.Status(id));
            Assert.Null(r.Step(id).StartedAt);
            Assert.Null(r.Step(id).FinishedAt);
            Assert.Equal(0, r.Step(id).Attempts);
        }
    }

    [Fact]
    public void Groups_are_rows_of_their_own_before_their_children_with_their_span()
    {
        var r = Simulate(Pipeline(Sleep("first", 1), Parallel("fan", Sleep("a", 2), Sleep("b", 3))));

        var ids = r.Report.Steps.Select(s => s.Id).ToList();
        Assert.Equal(["first", "fan", "a", "b"], ids);
        var fan = r.Step("fan");
        Assert.Equal(NodeKind.Group, fan.Kind);
        Assert.Equal(StepStatus.Succeeded, fan.Status);
        Assert.Equal(1, r.Start("fan"));
        Assert.Equal(4, r.End("fan"));
        Assert.Equal("fan", r.Step("a").Parent);
        Assert.Null(fan.Parent);
    }

    [Fact]
    public void For_each_item_rows_carry_their_item_and_a_nested_for_each_reaches_the_outer_item()
    {
        var inner = ForEach("zone", ["a", "b"], Run("deploy", "deploy {{ items[0] }}-{{ item }}"));
        var r = Simulate(Pipeline(ForEach("region", ["eu", "us"], inner)));

        var regionRow = r.Step("region[1]");
        Assert.Equal(NodeKind.Group, regionRow.Kind);
        Assert.Equal("us", regionRow.Item);
        Assert.Equal("b", r.Step("zone[1][1]").Item);
        var commands = r.Decisions.Select(d => d.Decision).OfType<StartAttempt>()
            .Select(Expanded.Command).Order(StringComparer.Ordinal);
        Assert.Equal(["deploy eu-a", "deploy eu-b", "deploy us-a", "deploy us-b"], commands);
    }

    [Fact]
    public void A_for_each_past_the_step_cap_fails_with_a_clear_reason()
    {
        var pipeline = Pipeline(ForEach("many", Enumerable.Range(0, 30).Select(i => $"i{i}"), Sleep("s1"), Sleep("s2")));
        var state = EngineState.Create(RunPlan.Compile(pipeline), "run-1", maxSteps: 50);
        Scheduler.Decide(state, new RunBegan(DateTimeOffset.UnixEpoch, new Dictionary<string, Value>()));

        Assert.Equal(RunStatus.Failed, state.Status);
        Assert.Contains("would bring the run to 60 steps; at most 50 are allowed", state.Report().Steps.Single(s => s.Id == "many").Reason);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
