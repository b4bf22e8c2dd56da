namespace Platform.Executor.Workspaces;

/// <summary>
/// Which of this Executor's layers may hold changes, kept as steps start and end, so that a group's merge
/// looks only at those: a fan-in of 10,000 branches that wrote nothing costs 10,000 lookups, not 10,000
/// directory walks. A layer may hold changes once a step wrote into it (it was the step's innermost) or
/// a merge was applied into it, and holds none again when its last running step ended with its layer
/// found empty. A layer this Executor never touched has no folder here (layers do not outlive the
/// Executor's scratch folder).
/// </summary>
internal sealed class LayerActivity
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(Guid Run, string Layer), (int Running, bool MayHaveChanged)> _layers = [];

    /// <summary>A step starts writing into <paramref name="layer"/>.</summary>
    public void Started(Guid run, string layer)
    {
        lock (_gate)
        {
            _layers[(run, layer)] = (_layers.GetValueOrDefault((run, layer)).Running + 1, true);
        }
    }

    /// <summary>
    /// A step of <paramref name="layer"/> ended (its process group gone). When no other step of the layer still runs,
    /// <paramref name="unchanged"/> looks at it (under the lock, so that no step starts and writes in between).
    /// </summary>
    public void Ended(Guid run, string layer, Func<bool> unchanged)
    {
        lock (_gate)
        {
            if (!_layers.TryGetValue((run, layer), out var use))
                return;

            var running = Math.Max(0, use.Running - 1);
            _layers[(run, layer)] = (running, use.MayHaveChanged && (running > 0 || !unchanged()));
        }
    }

    /// <summary>A merge wrote into <paramref name="layer"/> (an enclosing branch's).</summary>
    public void Written(Guid run, string layer)
    {
        lock (_gate)
        {
            _layers[(run, layer)] = (_layers.GetValueOrDefault((run, layer)).Running, true);
        }
    }

    public bool MayHaveChanged(Guid run, string layer)
    {
        lock (_gate)
        {
            return _layers.TryGetValue((run, layer), out var use) && use.MayHaveChanged;
        }
    }

    /// <summary>The layer was merged or discarded and removed.</summary>
    public void Forget(Guid run, IEnumerable<string> layers)
    {
        lock (_gate)
        {
            foreach (var layer in layers)
                _layers.Remove((run, layer));
        }
    }

    /// <summary>The run finished: none of its layers is needed.</summary>
    public void Forget(Guid run)
    {
        lock (_gate)
        {
            foreach (var key in _layers.Keys.Where(k => k.Run == run).ToList())
                _layers.Remove(key);
        }
    }
}
