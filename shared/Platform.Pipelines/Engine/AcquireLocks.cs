namespace Platform.Pipelines.Engine;

/// <summary>
/// Ask the lock table for all of <see cref="Locks"/> (sorted by name) for node <see cref="NodeId"/>,
/// all or nothing, first come first served; the answer is <see cref="LocksGranted"/>. The node holds
/// no run slot while it waits. After a restart the engine asks again for what its nodes wait for or
/// hold (<see cref="Held"/>): a driver keeps the place in the queue, or the grant, it already had.
/// </summary>
/// <param name="Admission">For the run's own request (<see cref="RunGroupAdmission.RunNode"/>): what to do when its group is full.</param>
public sealed record AcquireLocks(string NodeId, IReadOnlyList<LockClaim> Locks, bool Held = false, RunAdmission? Admission = null) : Decision;
