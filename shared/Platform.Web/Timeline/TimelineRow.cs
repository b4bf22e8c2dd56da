using Platform.Pipelines.Engine;

namespace Platform.Web.Timeline;

/// <summary>A step or group of the Gantt chart, in pipeline order; <see cref="Depth"/> is its nesting under groups.</summary>
public sealed record TimelineRow(
    string Id,
    string? Name,
    NodeKind Kind,
    int Depth,
    StepStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    string? Reason,
    IReadOnlyList<TimelineSegment> Segments,
    bool Critical);
