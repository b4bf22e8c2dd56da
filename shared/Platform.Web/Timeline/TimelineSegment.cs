using Platform.Pipelines.Engine;

namespace Platform.Web.Timeline;

/// <summary>One stretch of a bar; <see cref="To"/> is null while it goes on; <see cref="Outcome"/> is how a run segment ended.</summary>
public sealed record TimelineSegment(SegmentKind Kind, DateTimeOffset From, DateTimeOffset? To, int Attempt, StepStatus? Outcome = null);
