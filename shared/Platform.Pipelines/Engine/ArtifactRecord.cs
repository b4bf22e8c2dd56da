namespace Platform.Pipelines.Engine;

/// <summary>
/// A file a step stored with its run (<c>artifacts:</c>): path relative to its working directory,
/// SHA-256 (lowercase hex), size, and the step and attempt that made it. Immutable once stored.
/// </summary>
public sealed record ArtifactRecord(string Path, string Digest, long Size, string StepId, int Attempt);
