namespace Platform.Contracts;

/// <summary>
/// The answer to <see cref="GetRunOutcome"/>, read from the run store. <see cref="Status"/> is
/// unknown, running, succeeded, failed, cancelled or rejected; <see cref="Finished"/> is the run's
/// RunFinished (as it was published) once it has ended. <see cref="Fingerprint"/> identifies its pipeline
/// text and inputs (a SHA-256, see Platform.Storage.RunFingerprint): a client re-submitting the id can tell
/// the same run from a different one.
/// </summary>
public sealed record RunOutcome(Guid RunId, string Status, RunFinished? Finished, string? Fingerprint = null);
