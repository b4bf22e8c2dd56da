using Platform.Pipelines.Engine;

namespace Platform.Web.Timeline;

/// <summary>
/// A run (or a simulation) as a Gantt chart: rows with their segments, the critical path (the chain of
/// steps each started by the previous one's end that ends last), read at <see cref="Now"/>.
/// </summary>
public sealed record RunTimeline(
    string RunId,
    string Pipeline,
    RunStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset Now,
    IReadOnlyList<TimelineRow> Rows,
    IReadOnlyList<string> CriticalPath)
{
    /// <summary>Where the chart ends: the run's end, or now while it goes on.</summary>
    public DateTimeOffset End => FinishedAt ?? Now;

    /// <summary>Seconds steps spent queued, summed over steps: ready, but waiting for a slot, a lock or an Executor.</summary>
    public double QueuedSeconds => Sum(SegmentKind.Queued);

    /// <summary>Seconds steps spent running, summed over steps: the run's wall time if nothing ran at once.</summary>
    public double RunningSeconds => Sum(SegmentKind.Running);

    private double Sum(SegmentKind kind) => Math.Round(Rows.Where(r => r.Kind == NodeKind.Step)
        .SelectMany(r => r.Segments).Where(s => s.Kind == kind)
        .Sum(s => ((s.To ?? End) - s.From).TotalSeconds), 3);
}
