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
