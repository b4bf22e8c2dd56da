namespace Platform.Contracts;

/// <summary>
/// One step's new status within <see cref="RunProgressed"/>; a step that ended carries the end of its
/// output and, when measured, what its attempt used.
/// </summary>
public sealed record StepStatusChange(
    string StepId,
    string Status,
    int Attempt,
    DateTimeOffset At,
    string? Reason,
    string? LogTail = null,
    ResourceUsage? Resources = null);
