namespace Platform.Contracts;

/// <summary>
/// Several results of one run's attempts that ended on one executor within a moment of each other,
/// in one message: a wide fan-out costs the Coordinator one transaction per batch rather than per
/// step. Each entry means exactly what it means on its own.
/// </summary>
public sealed record AttemptsReported(
    Guid RunId,
    IReadOnlyList<StepSucceeded> Succeeded,
    IReadOnlyList<StepFailed> Failed,
    IReadOnlyList<StepCancelled> Cancelled);
