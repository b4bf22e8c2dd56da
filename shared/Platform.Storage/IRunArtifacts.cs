namespace Platform.Storage;

/// <summary>A file a step stored with its run: path relative to the step's working directory, SHA-256 (lowercase hex), size.</summary>
public sealed record StoredArtifact(string Path, string Digest, long Size, string StepId, int Attempt);

/// <summary>
/// Artifacts kept with a run (docs/pipelines.md, "Artifacts"): bytes content-addressed by SHA-256 (one
/// copy per digest, whichever runs hold it), rows per run, step, attempt and path. Rows are never
/// overwritten: saving the same row again (a redelivered message) keeps the first.
/// </summary>
public interface IRunArtifacts
{
    /// <summary>The run's artifacts in the order they were stored.</summary>
    Task<IReadOnlyList<StoredArtifact>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>True when the bytes of this digest are held already (by this run or another).</summary>
    Task<bool> HasArtifactContentAsync(string digest, CancellationToken cancellationToken = default);

    /// <param name="content">The bytes; null only when <see cref="HasArtifactContentAsync"/> said they are held.</param>
    Task SaveArtifactAsync(Guid runId, StoredArtifact artifact, byte[]? content, CancellationToken cancellationToken = default);

    /// <summary>The bytes of one of the run's artifacts; null when the run has none with this digest.</summary>
    Task<byte[]?> ReadArtifactAsync(Guid runId, string digest, CancellationToken cancellationToken = default);
}
