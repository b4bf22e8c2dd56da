namespace Platform.Pipelines.Engine;

/// <summary>
/// The lock table no longer has the node's grant (its lease ran out while no Coordinator drove the
/// run, and the lock may have gone to another run): the node is stopped rather than run unguarded.
/// </summary>
public sealed record LocksLost(DateTimeOffset At, string NodeId, string Reason) : RunEvent(At);
