using Platform.Pipelines.Engine;

namespace Platform.Web.Timeline;

/// <summary>The report's rows (steps and groups, in pipeline order) as Gantt rows: nesting depth, critical mark, segments.</summary>
internal static class TimelineRows
{
    public static RunTimeline Assemble(RunReport report, DateTimeOffset now, IReadOnlyList<string> criticalPath,
        Func<StepRecord, IReadOnlyList<TimelineSegment>> segments)
    {
        var parents = report.Steps.ToDictionary(s => s.Id, s => s.Parent, StringComparer.Ordinal);
        var critical = criticalPath.ToHashSet(StringComparer.Ordinal);
        var rows = report.Steps.Select(s => new TimelineRow(s.Id, s.Name, s.Kind, Depth(s.Id), s.Status, s.StartedAt, s.FinishedAt,
            s.Attempts, s.Reason, segments(s), critical.Contains(s.Id))).ToList();
        return new RunTimeline(report.RunId, report.Pipeline, report.Status, report.StartedAt, report.FinishedAt, now, rows, criticalPath);

        int Depth(string id)
        {
            var depth = 0;
            for (var parent = parents.GetValueOrDefault(id); parent is not null && depth < 64; parent = parents.GetValueOrDefault(parent))
            {
                depth++;
            }

            return depth;
        }
    }

    /// <summary>A group's bar, or a simulated step's: one stretch from its start to its end.</summary>
    public static IReadOnlyList<TimelineSegment> Span(StepRecord row) =>
        row.StartedAt is { } from ? [new TimelineSegment(SegmentKind.Running, from, row.FinishedAt, Math.Max(1, row.Attempts), row.FinishedAt is null ? null : row.Status)] : [];
}
