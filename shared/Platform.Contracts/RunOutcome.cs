namespace Platform.Contracts;

/// <summary>
/// The answer to <see cref="GetRunOutcome"/>, read from the run store. <see cref="Status"/> is
/// unknown, running, succeeded, failed, cancelled or rejected; <see cref="Finished"/> is the run's
/// RunFinished (as it was published) once it has ended.
/// </summary>
public sealed record RunOutcome(Guid RunId, string Status, RunFinished? Finished);
