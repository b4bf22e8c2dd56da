namespace Platform.Contracts;

/// <summary>
/// Published by the Coordinator for live progress: the step status changes of a run since its last
/// RunProgressed, oldest first, gathered over a short interval so a wide fan-out costs a few messages,
/// not one per step. Advisory: the run store and RunFinished are the record.
/// </summary>
public sealed record RunProgressed(Guid RunId, IReadOnlyList<StepStatusChange> Changes);
