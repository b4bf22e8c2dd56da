using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class DagAndForEachTests
{
    private static DagGroup Release(string? failing = null) => Dag("release",
        Sleep("build", 2),
        Sleep("unit", 3, needs: ["build"]),
        Sleep("lint", 1),
        Sleep("report", 1, needs: ["unit", "lint"], when: When.Always));

    [Fact]
    public void Dag_steps_start_as_soon_as_their_needs_are_done()
    {
        var r = Simulate(Pipeline(Release()));

        Assert.Equal(0, r.Start("build"));
        Assert.Equal(0, r.Start("lint"));
        Assert.Equal(2, r.Start("unit"));
        Assert.Equal(5, r.Start("report"));
        Assert.Equal(["build", "unit", "report"], r.CriticalPath);
    }

    [Fact]
    public void A_dag_step_whose_need_failed_is_skipped_but_when_always_still_runs()
    {
        var dag = Release() with { FailFast = false };
        var r = Simulate(Pipeline(dag), Failing("build"));

        Assert.Equal(StepStatus.Skipped, r.Status("unit"));
        Assert.Contains("build failed", r.Step("unit").Reason);
        Assert.Equal(StepStatus.Succeeded, r.Status("lint"));
        Assert.Equal(StepStatus.Succeeded, r.Status("report"));
    }

    [Fact]
    public void A_when_failure_dag_step_runs_only_when_a_need_failed()
    {
        var dag = Dag("d", Sleep("deploy"), Sleep("rollback", needs: ["deploy"], when: When.Failure)) with { FailFast = false };

        Assert.Equal(StepStatus.Skipped, Simulate(Pipeline(dag)).Status("rollback"));
        Assert.Equal(StepStatus.Succeeded, Simulate(Pipeline(dag), Failing("deploy")).Status("rollback"));
    }

    [Fact]
    public void Fail_fast_in_a_dag_cancels_running_branches_but_when_always_steps_run()
    {
        var r = Simulate(Pipeline(Release()), Failing("lint"));

        Assert.Equal(StepStatus.Cancelled, r.Status("build"));
        Assert.Equal(StepStatus.Skipped, r.Status("unit"));
        Assert.Equal(StepStatus.Succeeded, r.Status("report"));
        Assert.Equal(1, r.Start("report"));
        Assert.Equal(RunStatus.Failed, r.Report.Status);
    }

    [Fact]
    public void Mode_dag_makes_the_top_level_steps_a_dag()
    {
        var r = Simulate(Pipeline([Sleep("a", 2), Sleep("b", 1), Sleep("c", 1, needs: ["b"])], [], mode: PipelineMode.Dag));

        Assert.Equal(0, r.Start("b"));
        Assert.Equal(1, r.Start("c"));
        Assert.Equal(2, r.WallSeconds);
    }

    [Fact]
    public void For_each_runs_each_items_chain_in_order_with_item_concurrency()
    {
        var forEach = ForEach("deploy", ["eu", "us", "ap"], Sleep("push", 1), Sleep("verify", 1)) with { Concurrency = 2 };
        var r = Simulate(Pipeline(forEach, Sleep("done")));

        Assert.Equal(["push[0]", "verify[0]", "push[1]", "verify[1]", "push[2]", "verify[2]", "done"], r.Report.StepRows.Select(s => s.Id));
        Assert.Equal([0d, 0, 2], [r.Start("push[0]"), r.Start("push[1]"), r.Start("push[2]")]);
        Assert.Equal(1, r.Start("verify[0]"));
        Assert.Equal(4, r.Start("done"));
    }

    [Fact]
    public void For_each_items_come_from_a_list_input_and_are_visible_as_item()
    {
        var forEach = new ForEachGroup
        {
            Id = "deploy",
            Items = new ItemsSource(null, Template.Parse("{{ inputs.regions }}")),
            Children = [Run("push", "deploy {{ item }} for {{ run.id }}")],
            Location = new SourceLocation("t", 1, 1),
        };
        var options = new SimulationOptions
        {
            Inputs = new Dictionary<string, Value> { ["regions"] = Value.Of([Value.Of("eu"), Value.Of("us")]) },
        };
        var r = Simulate(Pipeline(forEach), options);

        var commands = r.Decisions.Select(d => d.Decision).OfType<StartAttempt>().Select(Expanded.Command);
        Assert.Equal(["deploy eu for simulated", "deploy us for simulated"], commands);
    }

    [Fact]
    public void A_failing_for_each_item_cancels_the_other_items_under_fail_fast()
    {
        var forEach = ForEach("deploy", ["a", "b"], Sleep("push", 1), Sleep("verify", 5));
        var r = Simulate(Pipeline(forEach), new SimulationOptions
        {
            Failing = new HashSet<string> { "push[0]" },
            Durations = new Dictionary<string, TimeSpan> { ["push[0]"] = S(2) },
        });

        Assert.Equal(StepStatus.Failed, r.Status("push[0]"));
        Assert.Equal(StepStatus.Skipped, r.Status("verify[0]"));
        Assert.Equal(StepStatus.Cancelled, r.Status("verify[1]"));
        Assert.Equal(RunStatus.Failed, r.Report.Status);
    }

    [Fact]
    public void Steps_inside_a_for_each_item_read_the_outputs_of_their_own_item()
    {
        var forEach = ForEach("deploy", ["a", "b"], Run("build", "make"), Run("push", "push {{ steps.build.outputs.tag }}"));
        var options = new SimulationOptions
        {
            Attempt = s => s.StepId.StartsWith("build", StringComparison.Ordinal)
                ? new SimulatedAttempt(S(1), Outputs: new Dictionary<string, string> { ["tag"] = "tag-" + s.StepId })
                : null,
        };
        var r = Simulate(Pipeline(forEach), options);

        var pushes = r.Decisions.Select(d => d.Decision).OfType<StartAttempt>().Where(s => s.StepId.StartsWith("push", StringComparison.Ordinal))
            .Select(Expanded.Command).Order();
        Assert.Equal(["push tag-build[0]", "push tag-build[1]"], pushes);
    }

    [Fact]
    public void A_skipped_for_each_lists_its_steps_once_as_skipped()
    {
        var r = Simulate(Pipeline(Sleep("bad"), ForEach("deploy", ["a", "b"], Sleep("push"))), Failing("bad"));

        Assert.Equal(["bad", "push"], r.Report.StepRows.Select(s => s.Id));
        Assert.Equal(StepStatus.Skipped, r.Status("push"));
    }
}
