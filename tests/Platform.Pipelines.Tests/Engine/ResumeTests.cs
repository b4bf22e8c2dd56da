using CsCheck;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class ResumeTests
{
    [Fact]
    public void Resuming_redispatches_only_the_attempts_that_never_reported_as_new_attempts()
    {
        var d = new EngineDriver(Pipeline(Parallel("fan", Sleep("done"), Sleep("interrupted"), Sleep("waiting")) with { Concurrency = 2 }, Sleep("after")));
        d.Begin();
        d.Started("done");
        d.Started("interrupted");
        d.Succeed("done");

        // The driver dies here. A new one rebuilds the state from the stored events and resumes.
        var rebuilt = EngineState.Create(d.State.Plan, "run-1");
        foreach (var e in d.Sent)
        {
            Scheduler.Decide(rebuilt, RunEventJson.Deserialize(RunEventJson.Serialize(e)));
        }

        var resumed = Scheduler.Decide(rebuilt, new RunResumed(DateTimeOffset.UnixEpoch.AddSeconds(10)));
        var starts = resumed.OfType<StartAttempt>().Select(s => (s.StepId, s.Attempt)).ToList();

        Assert.Contains(("interrupted", 2), starts);
        Assert.Contains(("waiting", 2), starts); // dispatched when "done" finished, never reported
        Assert.DoesNotContain(starts, s => s.StepId == "done");
        Assert.Equal(StepStatus.Succeeded, rebuilt.StatusOf("done"));
    }

    [Fact]
    public void With_a_start_grace_an_unreported_attempt_that_then_reports_is_not_run_again()
    {
        var d = new EngineDriver(Pipeline(Parallel("fan", Sleep("a"), Sleep("b")), Sleep("after")));
        d.Begin();
        d.Started("a");

        // Restarted: "b" was dispatched but its start had not been told (or it was still queued).
        var resumed = d.Send(new RunResumed(d.Advance(), ExecutorsLost: false, StartGrace: TimeSpan.FromSeconds(5)));

        Assert.Empty(resumed.OfType<StartAttempt>());
        Assert.Empty(resumed.OfType<CancelAttempt>());
        var grace = Assert.Single(resumed.OfType<ScheduleTimer>());
        Assert.Equal(new TimerKey(TimerKind.StartGrace, "b", 1), grace.Key);

        d.Succeed("b"); // it was running all along: its result arrives, started or not
        d.Succeed("a");
        Assert.Empty(d.Fire(grace.Key).OfType<StartAttempt>());
        Assert.Equal(1, d.State.AttemptOf("b"));
        Assert.Contains("after", EngineDriver.Starts(d.All));
    }

    [Fact]
    public void With_a_start_grace_an_attempt_that_never_reports_is_dispatched_again_when_it_ends()
    {
        var d = new EngineDriver(Pipeline(Parallel("fan", Sleep("a"), Sleep("lost"))));
        d.Begin();
        d.Started("a");
        var resumed = d.Send(new RunResumed(d.Advance(), ExecutorsLost: false, StartGrace: TimeSpan.FromSeconds(5)));

        var fired = d.Fire(Assert.Single(resumed.OfType<ScheduleTimer>()).Key);

        Assert.Equal(("lost", 2), fired.OfType<StartAttempt>().Select(s => (s.StepId, s.Attempt)).Single());
        Assert.Equal([("lost", 1)], fired.OfType<CancelAttempt>().Select(c => (c.StepId, c.Attempt)));
    }

    [Fact]
    public void Stored_events_replay_to_the_same_decisions_for_any_run()
    {
        Gen.Select(RandomPipelines.Pipeline, Gen.Int).Sample(c =>
        {
            var first = new RandomDriver(c.Item1, c.Item2);
            var log = first.Run();
            var replay = EngineState.Create(RunPlan.Compile(c.Item1), "random");
            var replayed = first.Sent.Select(RunEventJson.Serialize).Select(RunEventJson.Deserialize)
                .SelectMany(e => Scheduler.Decide(replay, e)).Select(RandomDriver.Describe).ToList();
            Assert.Equal(log, replayed);
        }, iter: 200);
    }
}
