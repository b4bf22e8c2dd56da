namespace Platform.Contracts;

/// <summary>Published by the Coordinator on every step status change, for live progress.</summary>
public sealed record StepStatusChanged(
    Guid RunId,
    string StepId,
    string Status,
    int Attempt,
    DateTimeOffset At,
    string? Reason);
