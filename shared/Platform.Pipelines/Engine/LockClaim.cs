namespace Platform.Pipelines.Engine;

/// <summary>One lock a node asks for, its name rendered: at most <see cref="Limit"/> holders at once across all runs.</summary>
public sealed record LockClaim(string Name, int Limit);
