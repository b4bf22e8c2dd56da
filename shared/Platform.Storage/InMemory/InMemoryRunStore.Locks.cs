using Platform.Pipelines.Engine;
using Platform.Pipelines.Locks;

namespace Platform.Storage.InMemory;

/// <summary>The lock table (<see cref="IRunLocks"/>) of one process: a <see cref="LockTable"/> and each request's lease.</summary>
public sealed partial class InMemoryRunStore : IRunLocks
{
    private readonly LockTable _locks = new();
    private readonly Dictionary<(string RunId, string NodeId), (string Owner, DateTimeOffset Until)> _lockLeases = [];

    public Task RequestAsync(Guid runId, string nodeId, IReadOnlyList<LockClaim> locks, string owner, DateTimeOffset now, DateTimeOffset leaseUntil,
        CancellationToken cancellationToken = default)
    {
        lock (_locks)
        {
            _locks.Request(runId.ToString(), nodeId, locks, now);
            _lockLeases[(runId.ToString(), nodeId)] = (owner, leaseUntil);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(Guid runId, string nodeId, CancellationToken cancellationToken = default)
    {
        lock (_locks)
        {
            _locks.Release(runId.ToString(), nodeId);
            _lockLeases.Remove((runId.ToString(), nodeId));
        }

        return Task.CompletedTask;
    }

    public Task ReleaseRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        lock (_locks)
        {
            _locks.ReleaseRun(runId.ToString());
            foreach (var key in _lockLeases.Keys.Where(k => k.RunId == runId.ToString()).ToList())
            {
                _lockLeases.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task RenewLocksAsync(string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_locks)
        {
            foreach (var (key, lease) in _lockLeases.ToList())
            {
                if (lease.Owner == owner)
                {
                    _lockLeases[key] = (owner, leaseUntil);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LockEntry>> GrantAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_locks)
        {
            foreach (var (key, lease) in _lockLeases.ToList())
            {
                var finished = Guid.TryParse(key.RunId, out var id) && _runs.TryGetValue(id, out var run) && run.IsFinished;
                if (lease.Until < now || finished)
                {
                    _locks.Release(key.RunId, key.NodeId);
                    _lockLeases.Remove(key);
                }
            }

            _locks.Grant(now);
            return Task.FromResult<IReadOnlyList<LockEntry>>([.. _locks.Entries]);
        }
    }

    public Task<IReadOnlyList<LockEntry>> ListLocksAsync(CancellationToken cancellationToken = default)
    {
        lock (_locks)
        {
            return Task.FromResult<IReadOnlyList<LockEntry>>([.. _locks.Entries]);
        }
    }
}
