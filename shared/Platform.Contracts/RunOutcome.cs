namespace Platform.Contracts;

/// <summary>
/// The answer to <see cref="GetRunOutcome"/>, read from the run store. <see cref="Status"/> is
/// unknown, running, succeeded, failed, cancelled or rejected; <see cref="Finished"/> is the run's
/// RunFinished (as it was published) once it has ended. <see cref="Fingerprint"/> identifies its pipeline
/// text and inputs (a SHA-256, see Platform.Storage.RunFingerprint): a client re-submitting the id can tell
/// the same run from a different one. When a lookup's text starts the ids of several runs, the status is
/// unknown and <see cref="Ambiguous"/> names two of them.
/// </summary>
public sealed record RunOutcome(Guid RunId, string Status, RunFinished? Finished, string? Fingerprint = null, IReadOnlyList<Guid>? Ambiguous = null);
