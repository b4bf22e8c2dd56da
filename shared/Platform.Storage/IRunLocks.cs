using Platform.Pipelines.Engine;
using Platform.Pipelines.Locks;

namespace Platform.Storage;

/// <summary>
/// The lock table (<c>lock:</c> on steps and groups), kept in the run store so that every process on
/// the store — Coordinator replicas, two <c>./platform run</c> on one laptop — shares it and a
/// restarted Coordinator finds it as it was. A row is one lock of one request (run, node), waiting or
/// held; who gets a lock is <see cref="LockGrants"/>'s rule, applied atomically by the store.
/// Every row has a lease, renewed by the process that drives its run: a row whose lease ran out (its
/// Coordinator died and nobody took the run over in time) or whose run has finished is dropped, so a
/// lock is never held for ever by a run nobody drives.
/// </summary>
public interface IRunLocks
{
    /// <summary>
    /// Queues the request (run, node) for all of <paramref name="locks"/>; asking again keeps the place
    /// (and a grant) it has, and makes <paramref name="owner"/> its renewer until <paramref name="leaseUntil"/>.
    /// </summary>
    Task RequestAsync(Guid runId, string nodeId, IReadOnlyList<LockClaim> locks, string owner, DateTimeOffset now, DateTimeOffset leaseUntil,
        CancellationToken cancellationToken = default);

    /// <summary>Removes the request's rows: its locks, or its places in their queues, go back.</summary>
    Task ReleaseAsync(Guid runId, string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Removes every row of the run (it ended).</summary>
    Task ReleaseRunAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of every row <paramref name="owner"/> renews.</summary>
    Task RenewLocksAsync(string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops rows whose lease ended before <paramref name="now"/> or whose run finished, grants what the
    /// rule allows, all in one atomic step, and returns every row left (granted ones with their time).
    /// </summary>
    Task<IReadOnlyList<LockEntry>> GrantAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Every row as it stands (for <c>platform locks</c>), oldest request first.</summary>
    Task<IReadOnlyList<LockEntry>> ListLocksAsync(CancellationToken cancellationToken = default);
}
