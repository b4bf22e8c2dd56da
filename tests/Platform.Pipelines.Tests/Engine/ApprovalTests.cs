using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class ApprovalTests
{
    private static StepNode Gate(string id, double? timeout = null, string[]? approvers = null, string[]? needs = null) =>
        new()
        {
            Id = id,
            Action = new ApprovalAction(Template.Parse("Ship it?"), timeout is null ? null : S(timeout.Value), approvers ?? []),
            Needs = needs ?? [],
            Location = new SourceLocation("test.yaml", 1, 1),
        };

    private static ApprovalDecided Decide(EngineDriver d, string step, bool approve, string by = "alice", string? comment = null) =>
        new(d.Advance(), step, approve, by, comment);

    [Fact]
    public void An_approval_step_waits_without_dispatch_and_holds_no_run_slot()
    {
        var d = new EngineDriver(Pipeline([Parallel("fan", Gate("gate"), Sleep("notes"))], [], concurrency: 1));

        var began = d.Begin();

        Assert.Equal(["notes"], EngineDriver.Starts(began));
        Assert.Equal(StepStatus.Waiting, d.State.StatusOf("gate"));
        Assert.Equal(1, d.State.InFlight);
        var waiting = Assert.Single(began.OfType<StepStatusChanged>(), c => c.StepId == "gate" && c.Status == StepStatus.Waiting);
        Assert.Equal("Ship it? — waiting for approval: ./platform approve run-1 gate", waiting.Reason);
    }

    [Fact]
    public void Approved_the_gate_succeeds_and_records_who_and_when_and_what_follows_starts()
    {
        var d = new EngineDriver(Pipeline(Gate("gate"), Sleep("deploy")));
        d.Begin();

        var decided = d.Send(Decide(d, "gate", approve: true, comment: "go"));

        Assert.Equal(["deploy"], EngineDriver.Starts(decided));
        var row = d.State.Report().Steps.Single(s => s.Id == "gate");
        Assert.Equal(StepStatus.Succeeded, row.Status);
        Assert.Equal(new ApprovalRecord(true, "alice", DateTimeOffset.UnixEpoch.AddSeconds(1), "go"), row.Approval);
        Assert.Equal("approved by alice: go", row.Reason);
        Assert.Equal("alice", row.Outputs["by"]);
    }

    [Fact]
    public void Rejected_the_gate_fails_with_the_comment_and_fail_fast_skips_the_rest()
    {
        var d = new EngineDriver(Pipeline(Gate("gate"), Sleep("deploy")));
        d.Begin();

        d.Send(Decide(d, "gate", approve: false, by: "bob", comment: "not on a Friday"));

        Assert.Equal(StepStatus.Failed, d.State.StatusOf("gate"));
        Assert.Contains("not on a Friday", d.State.Report().Steps.Single(s => s.Id == "gate").Reason);
        Assert.Equal(StepStatus.Skipped, d.State.StatusOf("deploy"));
        Assert.Equal(RunStatus.Failed, d.State.Status);
    }

    [Fact]
    public void A_rejected_gate_cancels_a_running_sibling_under_fail_fast()
    {
        var d = new EngineDriver(Pipeline(Parallel("fan", Gate("gate"), Sleep("notes"))));
        d.Begin();
        d.Started("notes");

        var decided = d.Send(Decide(d, "gate", approve: false));

        Assert.Equal(["notes"], EngineDriver.Cancels(decided));
        Assert.Equal(StepStatus.Cancelled, d.State.StatusOf("notes"));
    }

    [Fact]
    public void Nobody_deciding_within_the_timeout_times_the_gate_out()
    {
        var d = new EngineDriver(Pipeline(Gate("gate", timeout: 60), Sleep("deploy")));
        var timer = Assert.Single(d.Begin().OfType<ScheduleTimer>());
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(60), timer.DueAt);

        d.Fire(timer.Key);

        Assert.Equal(StepStatus.TimedOut, d.State.StatusOf("gate"));
        Assert.Equal("no decision within 1m", d.State.Report().Steps.Single(s => s.Id == "gate").Reason);
        Assert.Equal(RunStatus.Failed, d.State.Status);
        Assert.Empty(d.Send(Decide(d, "gate", approve: true))); // too late
    }

    [Fact]
    public void Cancelling_the_run_cancels_a_waiting_gate_and_finally_runs()
    {
        var d = new EngineDriver(Pipeline([Gate("gate")], [Sleep("cleanup")]));
        d.Begin();

        var cancelled = d.Cancel();

        Assert.Equal(StepStatus.Cancelled, d.State.StatusOf("gate"));
        Assert.Empty(EngineDriver.Cancels(cancelled)); // nothing was dispatched, nothing to kill
        Assert.Equal(["cleanup"], EngineDriver.Starts(cancelled));
    }

    [Fact]
    public void A_sibling_that_does_not_depend_on_the_gate_runs_to_its_end_meanwhile()
    {
        var d = new EngineDriver(Pipeline([Dag("flow", Gate("gate"), Sleep("notes"), Sleep("deploy", needs: ["gate"]))], []));
        d.Begin();
        d.Started("notes");
        d.Succeed("notes");

        Assert.Equal(StepStatus.Succeeded, d.State.StatusOf("notes"));
        Assert.Equal(StepStatus.Waiting, d.State.StatusOf("gate"));
        Assert.Equal(StepStatus.Pending, d.State.StatusOf("deploy"));
        Assert.Contains("deploy", EngineDriver.Starts(d.Send(Decide(d, "gate", approve: true))));
    }

    [Fact]
    public void A_decision_from_someone_not_among_the_approvers_is_refused_and_changes_nothing()
    {
        var d = new EngineDriver(Pipeline(Gate("gate", approvers: ["alice", "carol"])));
        d.Begin();

        Assert.Equal("mallory may not decide gate: its approvers are alice, carol", ApprovalCheck.Refusal(d.State, "gate", "mallory"));
        Assert.Empty(d.Send(Decide(d, "gate", approve: true, by: "mallory")));
        Assert.Equal(StepStatus.Waiting, d.State.StatusOf("gate"));

        Assert.Null(ApprovalCheck.Refusal(d.State, "gate", "carol"));
        d.Send(Decide(d, "gate", approve: true, by: "carol"));
        Assert.Equal(RunStatus.Succeeded, d.State.Status);
        Assert.Equal("run run-1 is already succeeded", ApprovalCheck.Refusal(d.State, "gate", "carol"));
    }

    [Fact]
    public void A_decision_for_a_step_that_is_not_waiting_is_refused_with_its_status()
    {
        var d = new EngineDriver(Pipeline(Sleep("build"), Gate("gate")));
        d.Begin();

        Assert.Equal("step gate is not waiting for approval (it is pending)", ApprovalCheck.Refusal(d.State, "gate", "alice"));
        Assert.Equal("step build is not an approval step", ApprovalCheck.Refusal(d.State, "build", "alice"));
        Assert.Equal("run run-1 has no step 'nope'", ApprovalCheck.Refusal(d.State, "nope", "alice"));
    }

    [Fact]
    public void Replaying_the_stored_events_keeps_the_gate_waiting_and_re_arms_its_timeout_from_its_start()
    {
        var d = new EngineDriver(Pipeline([Parallel("fan", Gate("gate", timeout: 3600), Sleep("notes"))], []));
        d.Begin();
        d.Advance(100);
        d.Started("notes");

        // A restart: a new driver rebuilds the run from the stored events, then resumes it.
        var rebuilt = EngineState.Create(d.State.Plan, "run-1");
        var timers = d.Sent.Select(RunEventJson.Serialize).Select(RunEventJson.Deserialize)
            .SelectMany(e => Scheduler.Decide(rebuilt, e)).OfType<ScheduleTimer>().ToList();
        var resumed = Scheduler.Decide(rebuilt, new RunResumed(d.Advance(), ExecutorsLost: true));

        Assert.Equal(StepStatus.Waiting, rebuilt.StatusOf("gate"));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(3600), Assert.Single(timers, t => t.Key.NodeId == "gate").DueAt);
        Assert.DoesNotContain("gate", EngineDriver.Starts(resumed));
        Assert.Contains("notes", EngineDriver.Starts(resumed)); // the executor died with the process: it runs again

        Scheduler.Decide(rebuilt, new ApprovalDecided(d.Advance(), "gate", true, "alice", null));
        Assert.Equal(StepStatus.Succeeded, rebuilt.StatusOf("gate"));
    }

    [Fact]
    public void A_decision_survives_a_replay_of_the_stored_events()
    {
        var d = new EngineDriver(Pipeline(Gate("gate"), Sleep("deploy")));
        d.Begin();
        d.Send(Decide(d, "gate", approve: true, by: "alice", comment: "ok"));

        var rebuilt = EngineState.Create(d.State.Plan, "run-1");
        foreach (var e in d.Sent.Select(RunEventJson.Serialize).Select(RunEventJson.Deserialize))
        {
            Scheduler.Decide(rebuilt, e);
        }

        Assert.Equivalent(d.State.Report().Steps.Single(s => s.Id == "gate"), rebuilt.Report().Steps.Single(s => s.Id == "gate"), strict: true);
    }

    [Fact]
    public void The_simulator_treats_a_gate_as_instant_unless_given_a_duration()
    {
        var pipeline = Pipeline(Gate("gate", approvers: ["alice"]), Sleep("deploy", 2));

        Assert.Equal(2, Simulate(pipeline).WallSeconds);
        var slow = Simulate(pipeline, new() { Durations = new Dictionary<string, TimeSpan> { ["gate"] = S(30) } });
        Assert.Equal(32, slow.WallSeconds);
        Assert.Equal(RunStatus.Succeeded, slow.Report.Status);
        Assert.Equal("alice", slow.Step("gate").Approval!.By);
        Assert.Equal(StepStatus.Failed, Simulate(pipeline, Failing("gate")).Status("gate"));
    }

    [Fact]
    public void An_approval_step_loads_with_its_approvers_and_a_retry_on_it_is_an_error()
    {
        var loaded = PipelineLoader.Load("id: p\nsteps:\n  - { id: gate, approval: { message: ok?, timeout: 1h, approvers: [alice, bob] } }\n", "p.yaml");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Errors));
        var gate = Assert.IsType<ApprovalAction>(((StepNode)loaded.Pipeline!.Steps[0]).Action);
        Assert.Equal(["alice", "bob"], gate.Approvers);
        Assert.Equal(TimeSpan.FromHours(1), gate.Timeout);

        var retried = PipelineLoader.Load("id: p\nsteps:\n  - { id: gate, retry: { attempts: 2 }, approval: { message: ok? } }\n", "p.yaml");
        Assert.Contains(retried.Errors, e => e.ToString().Contains("cannot have 'retry'", StringComparison.Ordinal));
    }
}
