namespace Platform.Contracts;

/// <summary>The answer to <see cref="GetArtifact"/>; <see cref="Content"/> is null when the run holds no such artifact.</summary>
public sealed record ArtifactContent(Guid RunId, string Digest, byte[]? Content);
