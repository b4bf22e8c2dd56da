namespace Platform.Contracts;

/// <summary>
/// An attempt failed; <see cref="TimedOut"/> when the executor killed it at its deadline.
/// <see cref="StartedAt"/> and <see cref="Resources"/>: as in <see cref="StepSucceeded"/>.
/// </summary>
public sealed record StepFailed(
    Guid RunId,
    string StepId,
    int Attempt,
    DateTimeOffset At,
    int? ExitCode,
    string Error,
    bool TimedOut,
    string? LogTail,
    DateTimeOffset? StartedAt = null,
    ResourceUsage? Resources = null);
