using System.Collections.Concurrent;

namespace Platform.Executor.Artifacts;

/// <summary>
/// The artifacts of each run this host already has in the run's workspace: made here or fetched here.
/// Each is placed at most once per host (a later step that deletes or changes it on purpose is not
/// overruled); forgotten when the run finishes.
/// </summary>
public sealed class HostArtifacts
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<(string Path, string Digest), bool>> _runs = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();

    public bool Has(Guid runId, string path, string digest) =>
        _runs.TryGetValue(runId, out var held) && held.ContainsKey((path, digest));

    public void Add(Guid runId, string path, string digest) =>
        _runs.GetOrAdd(runId, _ => new()).TryAdd((path, digest), true);

    /// <summary>Two steps of one run starting here at once fetch each file once: they take turns placing.</summary>
    public SemaphoreSlim GateOf(Guid runId) => _gates.GetOrAdd(runId, _ => new SemaphoreSlim(1, 1));

    public void Forget(Guid runId)
    {
        _runs.TryRemove(runId, out _);
        _gates.TryRemove(runId, out _);
    }
}
