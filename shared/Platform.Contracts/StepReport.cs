namespace Platform.Contracts;

/// <summary>One line of a run report, as in PIPELINES.md §5.</summary>
public sealed record StepReport(
    string Id,
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    string? Reason);
