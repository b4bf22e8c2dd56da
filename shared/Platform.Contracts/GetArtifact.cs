namespace Platform.Contracts;

/// <summary>An Executor fetches a stored artifact's bytes by digest; answered with <see cref="ArtifactContent"/>.</summary>
public sealed record GetArtifact(Guid RunId, string Digest);
