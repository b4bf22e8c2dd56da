using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>
/// What made a step ready, watched while a run's events are replayed: the step whose end, approval or
/// timer the event is about. An isolating group ends only when its merge is answered, so the answer
/// carries on the cause of the event that asked for the merge (the last branch's end): without that,
/// the step after a parallel group would seem to have waited for nothing. The simulator passes causes
/// along the same way; the stored-run replay (stats) and the console's timeline use this.
/// </summary>
public sealed class CauseTracker
{
    private readonly Dictionary<string, string?> _mergeCauses = new(StringComparer.Ordinal);

    public string? CauseOf(RunEvent e) => e switch
    {
        AttemptSucceeded s => s.StepId,
        AttemptFailed f => f.StepId,
        AttemptTimedOut t => t.StepId,
        AttemptCancelled c => c.StepId,
        AttemptLost l => l.StepId,
        ApprovalDecided a => a.StepId,
        TimerFired t => t.Key.NodeId,
        LayersMerged m => _mergeCauses.GetValueOrDefault(m.Branch ?? m.GroupId),
        _ => null,
    };

    private readonly Dictionary<string, string?> _waitedFor = new(StringComparer.Ordinal);

    /// <summary>What each step that became ready waited for (null: nothing of the run), for <see cref="CriticalPath"/>.</summary>
    public IReadOnlyDictionary<string, string?> WaitedFor => _waitedFor;

    /// <summary>Call for every decision of an event, with that event's <see cref="CauseOf"/>: returns the step it made ready, if any.</summary>
    public string? Saw(Decision decision, string? cause)
    {
        var ready = decision switch
        {
            MergeLayers merge => Remember(merge.Branch ?? merge.GroupId, cause),
            StartAttempt start => start.StepId,
            StepStatusChanged { Status: StepStatus.Queued or StepStatus.Waiting } changed => changed.StepId,
            _ => null,
        };
        if (ready is not null)
        {
            _waitedFor.TryAdd(ready, cause == ready ? null : cause); // the first time it became ready counts
        }

        return ready;
    }

    private string? Remember(string groupId, string? cause)
    {
        _mergeCauses[groupId] = cause;
        return null;
    }
}
