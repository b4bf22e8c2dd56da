namespace Platform.Pipelines.Engine;

/// <summary>The report of PIPELINES.md §5: every step once, in pipeline order, skipped ones too.</summary>
public sealed record RunReport(
    string RunId,
    string Pipeline,
    RunStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<StepRecord> Steps);
