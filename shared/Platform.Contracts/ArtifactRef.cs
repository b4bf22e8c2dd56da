namespace Platform.Contracts;

/// <summary>
/// A file a step stored with its run (<c>artifacts:</c>): its path relative to the step's working
/// directory, its SHA-256 (lowercase hex), its size, and the step and attempt that made it.
/// </summary>
public sealed record ArtifactRef(string Path, string Digest, long Size, string StepId, int Attempt);
