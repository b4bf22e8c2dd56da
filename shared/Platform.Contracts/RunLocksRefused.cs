namespace Platform.Contracts;

/// <summary>
/// The run's concurrency group (<c>runs:</c>) refused it: <c>onLimit: fail</c> found the group full,
/// or its queue is at <c>maxQueued</c>. The run fails without running anything.
/// </summary>
public sealed record RunLocksRefused(Guid RunId, string NodeId, string Reason);
