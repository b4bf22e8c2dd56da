using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>
/// A stored run as the statistics read it: its report, what made it (pipeline text and inputs, as a
/// fingerprint) and how long each attempt waited between being ready and starting on an Executor.
/// </summary>
public sealed record ObservedRun(RunReport Report, string Fingerprint, IReadOnlyDictionary<string, IReadOnlyList<TimeSpan>> QueueTimes)
{
    /// <summary>
    /// Replays <paramref name="events"/> through the engine from <paramref name="fresh"/> (a state no event
    /// has touched). An attempt's queue time runs from the first moment it was queued or dispatched to the
    /// moment its Executor started it: waiting for a concurrency slot and for an Executor both count.
    /// </summary>
    public static ObservedRun Replay(EngineState fresh, IEnumerable<RunEvent> events, string fingerprint)
    {
        var queuedSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var queueTimes = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            foreach (var decision in Scheduler.Decide(fresh, e))
            {
                if (decision is StartAttempt start)
                {
                    queuedSince.TryAdd(start.StepId, e.At);
                }
                else if (decision is StepStatusChanged { Status: StepStatus.Queued } queued)
                {
                    queuedSince.TryAdd(queued.StepId, e.At);
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

        return new ObservedRun(fresh.Report(), fingerprint,
            queueTimes.ToDictionary(q => q.Key, q => (IReadOnlyList<TimeSpan>)q.Value, StringComparer.Ordinal));
    }
}
