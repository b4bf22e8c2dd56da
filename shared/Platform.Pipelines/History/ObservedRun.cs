using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>
/// A stored run as the statistics read it: its report, what made it (pipeline text and inputs, as a
/// fingerprint), how long each attempt waited between being ready and starting on an Executor, and its
/// critical path.
/// </summary>
public sealed record ObservedRun(
    RunReport Report,
    string Fingerprint,
    IReadOnlyDictionary<string, IReadOnlyList<TimeSpan>> QueueTimes,
    IReadOnlyList<string> CriticalPath)
{
    /// <summary>
    /// Replays <paramref name="events"/> through the engine from <paramref name="fresh"/> (a state no event
    /// has touched), watching what each event caused. An attempt's queue time runs from the first moment
    /// it was queued or dispatched to the moment its Executor started it: waiting for a concurrency slot,
    /// a lock and an Executor all count. The step whose end (or approval, or timer) made a step ready is
    /// what it waited for; following that back from the step that finished last gives the critical path,
    /// the simulator's rule (and the console's).
    /// </summary>
    public static ObservedRun Replay(EngineState fresh, IEnumerable<RunEvent> events, string fingerprint)
    {
        var queuedSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var queueTimes = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        var causes = new CauseTracker();
        foreach (var e in events)
        {
            var cause = causes.CauseOf(e);
            foreach (var decision in Scheduler.Decide(fresh, e))
            {
                if (causes.Saw(decision, cause) is { } ready && decision is not StepStatusChanged { Status: StepStatus.Waiting })
                {
                    queuedSince.TryAdd(ready, e.At);
                }
            }

            if (e is AttemptStarted started && queuedSince.Remove(started.StepId, out var since))
            {
                if (!queueTimes.TryGetValue(started.StepId, out var list))
                {
                    queueTimes[started.StepId] = list = [];
                }

                list.Add(started.At - since);
            }
        }

        var report = fresh.Report();
        return new ObservedRun(report, fingerprint,
            queueTimes.ToDictionary(q => q.Key, q => (IReadOnlyList<TimeSpan>)q.Value, StringComparer.Ordinal),
            History.CriticalPath.Of(report, causes.WaitedFor));
    }
}
