namespace Platform.Contracts;

/// <summary>
/// Published by the Coordinator on every step status change, for live progress. A step that ended
/// carries the end of its output in <see cref="LogTail"/>.
/// </summary>
public sealed record StepStatusChanged(
    Guid RunId,
    string StepId,
    string Status,
    int Attempt,
    DateTimeOffset At,
    string? Reason,
    string? LogTail = null);
