namespace Platform.Contracts;

/// <summary>
/// The answer to <see cref="StoreArtifact"/>: <see cref="Error"/> set when the file is refused (a cap,
/// a secret in it, a path another step stored), which fails the step; else <see cref="NeedsContent"/>
/// asks for the bytes, or the artifact is stored.
/// </summary>
public sealed record ArtifactStored(Guid RunId, string Path, bool NeedsContent, string? Error);
