using Platform.Pipelines.Engine;
using Platform.Pipelines.History;
using Platform.Storage;

namespace Platform.Web.Timeline;

/// <summary>
/// Builds a run's Gantt chart by replaying its stored events through the engine, as <c>show</c> does, and
/// watching what each event caused: <see cref="StartAttempt"/> (ready, queued for an Executor),
/// <see cref="AttemptStarted"/> (an Executor began it), an attempt's end, an approval's wait. The step whose
/// end caused a step's first dispatch is what it waited for: following that back from the step that ended
/// last gives the critical path (<see cref="CriticalPath"/>, the one rule for simulated and stored runs).
/// </summary>
public sealed class TimelineBuilder
{
    private readonly Dictionary<string, List<TimelineSegment>> _segments = new(StringComparer.Ordinal);
    private readonly CauseTracker _causes = new();

    /// <summary>The run's timeline, or null when its stored pipeline no longer loads.</summary>
    public static RunTimeline? Build(StoredRun run, IReadOnlyList<RunEvent> events, DateTimeOffset now)
    {
        if (StoredRunReplay.Start(run) is not { } state)
        {
            return null;
        }

        var builder = new TimelineBuilder();
        foreach (var e in events)
        {
            builder.Observe(e, Scheduler.Decide(state, e), state);
        }

        var report = state.Report();
        return builder.Finish(report, now);
    }

    private void Observe(RunEvent e, IReadOnlyList<Decision> decisions, EngineState state)
    {
        if (e is AttemptStarted started && Open(started.StepId) is { Kind: SegmentKind.Queued } dispatched && dispatched.Attempt == started.Attempt)
        {
            Close(started.StepId, e.At, null);
            Segments(started.StepId).Add(new TimelineSegment(SegmentKind.Running, e.At, null, started.Attempt));
        }

        if (EndOf(e) is { } end)
        {
            Ended(end.StepId, end.Attempt, e.At, end.Outcome, state);
        }

        var cause = _causes.CauseOf(e);
        foreach (var decision in decisions)
        {
            _causes.Saw(decision, cause);
            switch (decision)
            {
                case StartAttempt start:
                    if (Open(start.StepId) is { Kind: SegmentKind.Queued } waiting)
                    {
                        // Waited for a slot or a lock: the same queued stretch goes on until an Executor starts it.
                        Replace(start.StepId, waiting with { Attempt = start.Attempt });
                    }
                    else
                    {
                        Close(start.StepId, e.At, null);
                        Segments(start.StepId).Add(new TimelineSegment(SegmentKind.Queued, e.At, null, start.Attempt));
                    }

                    break;
                case StepStatusChanged { Status: StepStatus.Queued } queued when Open(queued.StepId) is null:
                    Segments(queued.StepId).Add(new TimelineSegment(SegmentKind.Queued, e.At, null, queued.Attempt + 1));
                    break;
                case StepStatusChanged { Status: StepStatus.Waiting } gate:
                    Close(gate.StepId, e.At, null);
                    Segments(gate.StepId).Add(new TimelineSegment(SegmentKind.Waiting, e.At, null, Math.Max(1, gate.Attempt)));
                    break;
                case StepStatusChanged ended when ended.Status.IsTerminal():
                    Close(ended.StepId, e.At, ended.Status);
                    break;
            }
        }
    }

    /// <summary>An attempt's end: its stretch closes; a step not finished by it waits for its retry.</summary>
    private void Ended(string stepId, int attempt, DateTimeOffset at, StepStatus outcome, EngineState state)
    {
        if (Open(stepId) is not { } open || open.Attempt != attempt || open.Kind is SegmentKind.Waiting or SegmentKind.RetryWait)
        {
            return; // late, duplicated, or of an attempt already given up
        }

        Close(stepId, at, outcome);
        if (state.StatusOf(stepId) is { } now && !now.IsTerminal() && state.AttemptOf(stepId) == attempt)
        {
            Segments(stepId).Add(new TimelineSegment(SegmentKind.RetryWait, at, null, attempt));
        }
    }

    /// <summary>The attempt an event ends and how; a lost attempt runs again (not as a retry).</summary>
    private static (string StepId, int Attempt, StepStatus Outcome)? EndOf(RunEvent e) => e switch
    {
        AttemptSucceeded s => (s.StepId, s.Attempt, StepStatus.Succeeded),
        AttemptFailed f => (f.StepId, f.Attempt, StepStatus.Failed),
        AttemptTimedOut t => (t.StepId, t.Attempt, StepStatus.TimedOut),
        AttemptCancelled c => (c.StepId, c.Attempt, StepStatus.Cancelled),
        AttemptLost l => (l.StepId, l.Attempt, StepStatus.Cancelled),
        _ => null,
    };

    private List<TimelineSegment> Segments(string stepId)
    {
        if (!_segments.TryGetValue(stepId, out var list))
        {
            _segments[stepId] = list = [];
        }

        return list;
    }

    private TimelineSegment? Open(string stepId) =>
        _segments.TryGetValue(stepId, out var list) && list.Count > 0 && list[^1].To is null ? list[^1] : null;

    private void Replace(string stepId, TimelineSegment segment) => _segments[stepId][^1] = segment;

    private void Close(string stepId, DateTimeOffset at, StepStatus? outcome)
    {
        if (Open(stepId) is { } open)
        {
            Replace(stepId, open with { To = at, Outcome = open.Kind == SegmentKind.Queued ? open.Outcome : outcome ?? open.Outcome });
        }
    }

    private RunTimeline Finish(RunReport report, DateTimeOffset now)
    {
        var path = CriticalPath.Of(report, _causes.WaitedFor);
        return TimelineRows.Assemble(report, now, path, row => row.Kind == NodeKind.Step
            ? [.. _segments.GetValueOrDefault(row.Id, []).Where(s => s.To is null || s.To > s.From)]
            : TimelineRows.Span(row));
    }
}
