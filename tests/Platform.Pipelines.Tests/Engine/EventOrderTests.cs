using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class EventOrderTests
{
    [Fact]
    public void A_duplicate_success_is_applied_once()
    {
        var d = new EngineDriver(Pipeline(Sleep("a"), Sleep("b")));
        d.Begin();
        d.Started("a");
        Assert.Equal(["b"], EngineDriver.Starts(d.Succeed("a")));
        Assert.Empty(d.Succeed("a"));
        Assert.Equal(1, d.State.AttemptOf("b"));
    }

    [Fact]
    public void A_late_result_of_a_cancelled_attempt_is_ignored()
    {
        var d = new EngineDriver(Pipeline(Parallel("p", Sleep("a"), Sleep("b"))));
        d.Begin();
        Assert.Equal(["b"], EngineDriver.Cancels(d.Fail("a")));
        Assert.Empty(d.Succeed("b"));
        Assert.Equal(StepStatus.Cancelled, d.State.StatusOf("b"));
        Assert.Equal(RunStatus.Failed, d.State.Status);
    }

    [Fact]
    public void A_result_for_an_earlier_attempt_does_not_finish_the_retry()
    {
        var d = new EngineDriver(Pipeline(Sleep("a", retry: new RetryPolicy(3, TimeSpan.Zero, 1, null))));
        d.Begin();
        Assert.Equal(["a"], EngineDriver.Starts(d.Fail("a", 1)));
        Assert.Empty(d.Succeed("a", 1));
        Assert.Equal(StepStatus.Queued, d.State.StatusOf("a"));
        Assert.Contains(d.Succeed("a", 2), x => x is FinishRun { Status: RunStatus.Succeeded });
    }

    [Fact]
    public void A_timer_that_fires_after_its_step_finished_is_ignored()
    {
        var d = new EngineDriver(Pipeline(Sleep("a", timeout: 5), Sleep("b")));
        d.Begin();
        var timer = d.Started("a").OfType<ScheduleTimer>().Single();
        d.Succeed("a");
        Assert.Empty(d.Fire(timer.Key));
        Assert.Equal(StepStatus.Queued, d.State.StatusOf("b"));
    }

    [Fact]
    public void Events_for_unknown_steps_and_events_after_the_run_finished_are_ignored()
    {
        var d = new EngineDriver(Pipeline(Sleep("a")));
        d.Begin();
        Assert.Empty(d.Succeed("nope"));
        Assert.Single(d.Succeed("a").OfType<FinishRun>());
        Assert.Empty(d.Cancel());
    }

    [Fact]
    public void Cancelling_before_the_run_began_skips_everything()
    {
        var d = new EngineDriver(Pipeline(Sleep("a")));
        var decisions = d.Cancel();
        Assert.Contains(decisions, x => x is FinishRun { Status: RunStatus.Cancelled });
        Assert.Equal(StepStatus.Skipped, d.State.StatusOf("a"));
    }

    [Fact]
    public void Templates_are_resolved_when_the_step_starts_from_earlier_outputs_and_inputs()
    {
        var inputs = new[] { new InputDefinition("env", InputType.String, Value.Of("dev"), null, new SourceLocation("t", 1, 1)) };
        var d = new EngineDriver(Pipeline([Run("build", "make"), Run("ship", "ship {{ steps.build.outputs.version }} to {{ inputs.env }} as {{ step.id }}")], [], inputs: inputs));
        d.Send(new RunBegan(DateTimeOffset.UnixEpoch, new Dictionary<string, Value> { ["env"] = Value.Of("prod") }));
        var start = d.Succeed("build", outputs: new Dictionary<string, string> { ["version"] = "1.2.3" }).OfType<StartAttempt>().Single();

        // The command references the values; they travel in the step's environment (data, never shell syntax).
        Assert.Equal("ship \"${PLATFORM_T_1}\" to \"${PLATFORM_T_2}\" as \"${PLATFORM_T_3}\"", ((ResolvedRun)start.Action).Commands[0]);
        Assert.Equal("ship 1.2.3 to prod as ship", Expanded.Command(start));
    }

    [Fact]
    public void A_template_naming_a_missing_output_fails_the_step_with_a_clear_reason()
    {
        var d = new EngineDriver(Pipeline(Run("build", "make"), Run("ship", "ship {{ steps.build.outputs.version }}")));
        d.Begin();
        d.Succeed("build");

        Assert.Equal(StepStatus.Failed, d.State.StatusOf("ship"));
        Assert.Contains("has no output 'version'", d.State.Report().Steps[1].Reason);
        Assert.Equal(RunStatus.Failed, d.State.Status);
    }

    [Fact]
    public void A_step_cancelled_behind_the_engines_back_is_retried_as_a_new_attempt()
    {
        var d = new EngineDriver(Pipeline(Sleep("a", retry: new RetryPolicy(2, TimeSpan.Zero, 1, null))));
        d.Begin();
        var decisions = d.Send(new AttemptCancelled(d.Advance(), "a", 1));
        Assert.Equal(["a"], EngineDriver.Starts(decisions));
        Assert.Equal(2, d.State.AttemptOf("a"));
    }

    [Fact]
    public void An_attempt_that_starts_after_it_was_cancelled_is_cancelled_again()
    {
        var d = new EngineDriver(Pipeline([Parallel("p", Sleep("bad"), Sleep("late")), Sleep("next")], [Sleep("cleanup")]));
        d.Begin();
        Assert.Equal(["late"], EngineDriver.Cancels(d.Fail("bad")));

        Assert.Equal(["late"], EngineDriver.Cancels(d.Started("late")));
        Assert.Empty(d.Started("next")); // never dispatched: nothing to stop
    }
}
