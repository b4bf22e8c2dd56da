namespace Platform.Pipelines.Engine;

/// <summary>A step's line in the run report: read-only view of the engine's state.</summary>
public sealed record StepRecord(
    string Id,
    string? Name,
    StepStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    string? Reason);
