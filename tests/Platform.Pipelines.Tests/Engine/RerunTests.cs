using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class RerunTests
{
    /// <summary>The run to re-run ("run-1"): every step starts and succeeds, those in <paramref name="failing"/> fail.</summary>
    private static EngineState Previous(PipelineDefinition pipeline, params string[] failing)
    {
        var d = new EngineDriver(pipeline);
        var queue = new Queue<StartAttempt>(d.Begin().OfType<StartAttempt>());
        while (queue.TryDequeue(out var start))
        {
            d.Started(start.StepId, start.Attempt);
            var next = failing.Contains(start.StepId)
                ? d.Fail(start.StepId, start.Attempt)
                : d.Succeed(start.StepId, start.Attempt, start.StepId == "build" ? new Dictionary<string, string> { ["version"] = "1.2.3" } : null);
            foreach (var more in next.OfType<StartAttempt>())
            {
                queue.Enqueue(more);
            }
        }

        Assert.True(d.State.IsFinished);
        return d.State;
    }

    private static (EngineDriver Driver, IReadOnlyList<Decision> Began) Rerun(PipelineDefinition pipeline, EngineState previous, string? from = null)
    {
        var (reused, error) = RerunSelection.Select(previous, from);
        Assert.Null(error);
        var d = new EngineDriver(pipeline);
        var began = d.Send(new RunBegan(d.Advance(), new Dictionary<string, Value>(), RerunOf: "run-1", Reused: reused));
        return (d, began);
    }

    [Fact]
    public void A_rerun_of_the_failed_steps_reuses_what_succeeded_and_runs_the_failed_step_and_what_follows()
    {
        var pipeline = Pipeline([Sleep("build"), Parallel("tests", Sleep("unit"), Sleep("lint")) with { FailFast = false }, Sleep("ship")], [Sleep("cleanup")]);
        var previous = Previous(pipeline, "lint");

        var (d, began) = Rerun(pipeline, previous);

        Assert.Equal(["lint"], EngineDriver.Starts(began));
        Assert.Equal(["ship"], EngineDriver.Starts(d.Succeed("lint")));
        Assert.Equal(["cleanup"], EngineDriver.Starts(d.Succeed("ship")));
        var build = d.State.Report().Steps.Single(s => s.Id == "build");
        Assert.Equal(StepStatus.Succeeded, build.Status);
        Assert.Equal("reused from run run-1", build.Reason);
        Assert.Equal("run-1", build.ReusedFrom);
        Assert.Equal("1.2.3", build.Outputs["version"]);
        Assert.Equal(StepStatus.Succeeded, d.State.StatusOf("unit"));
        Assert.Equal("run-1", d.State.Report().RerunOf);
    }

    [Fact]
    public void Reused_outputs_reach_the_templates_of_steps_that_run_again()
    {
        var pipeline = Pipeline(Sleep("build"), Run("publish", "echo {{ steps.build.outputs.version }}"));
        var previous = Previous(pipeline, "publish");

        var (_, began) = Rerun(pipeline, previous);

        var publish = Assert.Single(began.OfType<StartAttempt>());
        Assert.Equal("publish", publish.StepId);
        Assert.Contains("1.2.3", publish.Env.Values);
    }

    [Fact]
    public void From_a_step_reruns_it_and_its_dependents_in_a_dag_but_not_its_independent_siblings()
    {
        var pipeline = Pipeline([Dag("flow", Sleep("build"), Sleep("unit", needs: ["build"]), Sleep("docs"), Sleep("ship", needs: ["unit"]))], []);
        var previous = Previous(pipeline);

        var (reused, _) = RerunSelection.Select(previous, "unit");

        Assert.Equal(["build", "docs"], reused.Keys.Order());
    }

    [Fact]
    public void Steps_with_when_always_and_failure_are_never_reused()
    {
        var pipeline = Pipeline(Sleep("build"), Sleep("test"), Sleep("report", when: When.Always));
        var previous = Previous(pipeline, "test");

        var (reused, _) = RerunSelection.Select(previous, null);

        Assert.Equal(["build"], reused.Keys);
    }

    [Fact]
    public void From_an_unknown_step_is_an_error_naming_it()
    {
        var previous = Previous(Pipeline(Sleep("build")));

        Assert.Equal("run run-1 has no step or group 'nope'", RerunSelection.Select(previous, "nope").Error);
    }

    [Fact]
    public void A_rerun_replays_from_its_stored_events_with_the_reused_outcomes()
    {
        var pipeline = Pipeline(Sleep("build"), Sleep("test"));
        var (d, _) = Rerun(pipeline, Previous(pipeline, "test"));
        d.Started("test");
        d.Succeed("test");

        var rebuilt = EngineState.Create(d.State.Plan, "run-1");
        foreach (var e in d.Sent.Select(RunEventJson.Serialize).Select(RunEventJson.Deserialize))
        {
            Scheduler.Decide(rebuilt, e);
        }

        Assert.Equivalent(d.State.Report().Steps, rebuilt.Report().Steps, strict: true);
        Assert.Equal(RunStatus.Succeeded, rebuilt.Status);
    }
}
