namespace Platform.Contracts;

/// <summary>
/// Every lock node <see cref="NodeId"/> of the run asked for is now held by it (the lock table in the
/// run store granted them). The Coordinator that asked sends it to the run's saga.
/// </summary>
public sealed record RunLocksGranted(Guid RunId, string NodeId, DateTimeOffset At);
