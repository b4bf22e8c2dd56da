namespace Platform.Contracts;

/// <summary>
/// An Executor asks a Coordinator to keep one file of a succeeded attempt with the run; answered with
/// <see cref="ArtifactStored"/>. Sent first without <see cref="Content"/>: the Coordinator checks the caps
/// and whether it holds that digest already, and asks for the bytes only when it needs them.
/// </summary>
public sealed record StoreArtifact(Guid RunId, string StepId, int Attempt, string Path, string Digest, long Size, byte[]? Content = null);
