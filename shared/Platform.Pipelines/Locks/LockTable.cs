using Platform.Pipelines.Engine;

namespace Platform.Pipelines.Locks;

/// <summary>
/// A lock table in memory, for one process: the simulator's, the in-memory store's and the property
/// tests'. Not thread-safe: its users serialise calls. Asking again for a request already made keeps
/// its place (a Coordinator re-asking after a restart never jumps or loses the queue).
/// </summary>
public sealed class LockTable
{
    private readonly List<LockEntry> _entries = [];
    private long _seq;

    public IReadOnlyList<LockEntry> Entries => _entries;

    public void Request(string runId, string nodeId, IReadOnlyList<LockClaim> claims, DateTimeOffset at)
    {
        if (_entries.Any(e => e.RunId == runId && e.NodeId == nodeId))
        {
            return;
        }

        var seq = ++_seq;
        _entries.AddRange(claims.Select(c => new LockEntry(c.Name, c.Limit, runId, nodeId, seq, at, null)));
    }

    /// <summary>True when the request is held (all its locks granted).</summary>
    public bool IsHeld(string runId, string nodeId) =>
        _entries.Any(e => e.RunId == runId && e.NodeId == nodeId) && _entries.Where(e => e.RunId == runId && e.NodeId == nodeId).All(e => e.Held);

    public void Release(string runId, string nodeId) => _entries.RemoveAll(e => e.RunId == runId && e.NodeId == nodeId);

    public void ReleaseRun(string runId) => _entries.RemoveAll(e => e.RunId == runId);

    /// <summary>Grants what <see cref="LockGrants"/> allows now and returns those requests.</summary>
    public IReadOnlyList<(string RunId, string NodeId)> Grant(DateTimeOffset at)
    {
        var granted = LockGrants.Decide(_entries);
        foreach (var (runId, nodeId) in granted)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                if (_entries[i].RunId == runId && _entries[i].NodeId == nodeId)
                {
                    _entries[i] = _entries[i] with { GrantedAt = at };
                }
            }
        }

        return granted;
    }
}
