using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Executor.Scratch;

namespace Platform.Executor.Workspaces;

/// <summary>
/// This Executor's isolated branches: puts a step of a branch into its layers before it starts, and
/// merges a group's layers when the Coordinator says the group ended (<see cref="MergeWorkspaceLayers"/>).
/// Layers live in the scratch folder, so an Executor's exit or the next start after a crash removes them.
/// </summary>
public sealed class BranchWorkspaces
{
    private readonly ExecutorOptions _options;
    private readonly LayerPaths _paths;
    private readonly Lazy<IBranchLayers> _layers;
    private readonly SemaphoreSlim _merging = new(1, 1);
    private readonly ILogger<BranchWorkspaces> _logger;
    private readonly RunWorkspaces _runs;
    private readonly LayerActivity _activity = new();

    /// <summary>
    /// Per run and fire-and-forget group, what its branches merged so far changed (<see cref="LayerChange.Fingerprinted"/>, without their sources),
    /// in merge order; touched only under <see cref="_merging"/>, dropped when the run finishes (<see cref="Forget"/>).
    /// Lost with the Executor, like the layers themselves.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Run, string Group), List<(string Name, IReadOnlyList<LayerChange> Changes)>> _mergedBefore = new();

    public BranchWorkspaces(IOptions<ExecutorOptions> options, ScratchFolder scratch, RunWorkspaces runs, ILogger<BranchWorkspaces> logger)
    {
        _options = options.Value;
        _runs = runs;
        _logger = logger;
        _paths = new LayerPaths(Path.Combine(scratch.Path, "layers"));
        _layers = new Lazy<IBranchLayers>(() => OperatingSystem.IsWindows()
            ? throw new PlatformNotSupportedException("isolated branches need a Unix host; use isolate: false")
            : BranchLayersChoice.Choose(_options.Isolation ?? BranchIsolation.Off, _paths, logger));
    }

    private bool Off => (_options.Isolation ?? BranchIsolation.Off) == BranchIsolation.Off;

    /// <summary>"overlayfs" or "copy" (chosen at first use), or "off".</summary>
    public string Mechanism => Off ? "off" : _layers.Value.Name;

    /// <summary>The run's directory (<see cref="RunWorkspaces"/>): steps without a <c>workdir</c> run here, and branches' layers cover it.</summary>
    public string DirectoryOf(Guid runId) => _runs.DirectoryOf(runId);

    /// <summary>True when a step of <paramref name="layers"/> writes into a layer rather than the directory itself.</summary>
    public bool Isolates(IReadOnlyList<string>? layers) => layers is { Count: > 0 } && !Off;

    /// <summary>The program and working directory of a step of <paramref name="layers"/> (none: as given); <paramref name="detached"/> as <see cref="ExecuteStep.DetachedLayers"/>.</summary>
    internal BranchLaunch Prepare(Guid runId, IReadOnlyList<string>? layers, IReadOnlyList<string>? detached, string workdir, IReadOnlyList<string> program)
    {
        if (!Isolates(layers))
        {
            return new BranchLaunch(program, workdir);
        }

        _activity.Started(runId, layers![^1]); // the step writes into its innermost layer
        return _layers.Value.Prepare(runId, layers, Path.GetFullPath(DirectoryOf(runId)), workdir, program, detached);
    }

    /// <summary>
    /// True when the innermost of <paramref name="layers"/> is isolated here and holds nothing: no step or merge wrote into it,
    /// or its last running step found it empty. Told to the Coordinator with each success, so a group none of whose branches
    /// wrote anything ends without a merge.
    /// </summary>
    internal bool LayerUnchanged(Guid runId, IReadOnlyList<string>? layers) =>
        Isolates(layers) && !_activity.MayHaveChanged(runId, layers![^1]);

    /// <summary>A step of <paramref name="layers"/> ended (its process group is gone): its layer is looked at once, so that a merge need not.</summary>
    internal void Ended(Guid runId, IReadOnlyList<string>? layers)
    {
        if (Isolates(layers))
        {
            _activity.Ended(runId, layers![^1], () => _layers.Value.Unchanged(runId, layers[^1]));
        }
    }

    /// <summary>The run's directory as a step of <paramref name="layers"/> sees it: through its layers when they isolate it.</summary>
    internal ILayerView ViewOf(Guid runId, IReadOnlyList<string>? layers)
    {
        var directory = Path.GetFullPath(DirectoryOf(runId));
        return Isolates(layers) ? _layers.Value.View(runId, layers!, directory) : new PlainView(directory);
    }

    /// <summary>Where a file the step of <paramref name="layers"/> lacks is written before it starts so that it sees it (<see cref="IBranchLayers.PlaceFor"/>).</summary>
    internal string PlaceFor(Guid runId, IReadOnlyList<string>? layers)
    {
        var directory = Path.GetFullPath(DirectoryOf(runId));
        return Isolates(layers) ? _layers.Value.PlaceFor(runId, layers!, directory) : directory;
    }

    /// <summary>
    /// Finds conflicts between the branches and merges them unless a conflict must fail the group; <see cref="RemoveLayers"/> then drops the layers.
    /// A fire-and-forget branch (<see cref="MergeWorkspaceLayers.Branch"/>) is compared with what its siblings merged before it changed
    /// (<see cref="_mergedBefore"/>), and what it merges is remembered for the siblings after it.
    /// </summary>
    public async Task<WorkspaceLayersMerged> MergeAsync(MergeWorkspaceLayers merge, CancellationToken cancellationToken)
    {
        var clean = new WorkspaceLayersMerged(merge.RunId, merge.GroupId, [], null, merge.Branch);
        if (Off)
        {
            return clean; // the branches wrote into the directory itself
        }

        // Only layers a step or a merge may have written (LayerActivity): a branch of sleep or http steps, or whose
        // steps left their layer empty, is not looked at, so a wide fan-in's merge costs what its branches changed.
        var changed = merge.Merge.Where(b => _activity.MayHaveChanged(merge.RunId, b.Layer)).ToList();
        if (changed.Count == 0)
        {
            // Nothing to merge, and the mechanism's first choice (a trial mount) is not made on the fan-in's path.
            return clean;
        }

        await _merging.WaitAsync(cancellationToken).ConfigureAwait(false); // two groups merging into one directory take turns
        try
        {
            var layers = _layers.Value;
            var directory = Path.GetFullPath(DirectoryOf(merge.RunId));
            var view = layers.View(merge.RunId, merge.Into, directory);
            var earlier = merge.Branch is null ? null : _mergedBefore.GetOrAdd((merge.RunId, merge.GroupId), _ => []);
            var branches = changed.Select(b => (b.Name, Changes: layers.Changes(merge.RunId, b.Layer, view))).ToList();
            if (earlier is not null)
            {
                // Each written file read once, compared with every sibling and then remembered.
                branches = [.. branches.Select(b => (b.Name, (IReadOnlyList<LayerChange>)[.. b.Changes.Select(c => c.Fingerprinted())]))];
            }

            var conflicts = earlier is null ? LayerConflicts.Find(branches) : LayerConflicts.FindAgainstEarlier([.. earlier, .. branches]);
            if (conflicts.Count == 0 || merge.OnConflict != "fail")
            {
                // Remembered before the files move on: the siblings merged after it are compared with this.
                earlier?.AddRange(branches.Select(b => (b.Name, (IReadOnlyList<LayerChange>)[.. b.Changes.Select(c => c with { Source = null })])));
                foreach (var (_, changes) in branches)
                {
                    layers.Apply(changes, merge.RunId, merge.Into, directory);
                }

                if (merge.Into.Count > 0 && branches.Any(b => b.Changes.Count > 0))
                {
                    _activity.Written(merge.RunId, merge.Into[^1]);
                }
            }

            return clean with { Conflicts = [.. conflicts.Select(c => new WorkspaceConflict(c.Path, c.First, c.Second))] };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(e, "Could not merge the branches of {GroupId} in run {RunId}", merge.GroupId, merge.RunId);
            return clean with { Error = e.Message };
        }
        finally
        {
            _merging.Release();
        }
    }

    /// <summary>The run finished: what its fire-and-forget branches merged need not be remembered any more.</summary>
    public void Forget(Guid runId)
    {
        _activity.Forget(runId);
        if (!_options.KeepWorkspace)
        {
            RemoveRunLayers(runId); // layers no merge asked for: their branches left them empty
        }

        foreach (var key in _mergedBefore.Keys.Where(k => k.Run == runId))
        {
            _mergedBefore.TryRemove(key, out _);
        }
    }

    private void RemoveRunLayers(Guid runId)
    {
        try
        {
            if (System.IO.Directory.Exists(_paths.Run(runId)))
            {
                System.IO.Directory.Delete(_paths.Run(runId), recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not remove the layers of run {RunId}; the Executor's next start will", runId);
        }
    }

    /// <summary>
    /// Deletes every layer of a merged group (after the answer is out: deleting is off the run's critical path),
    /// or with <see cref="ExecutorOptions.KeepWorkspace"/> moves them aside (<see cref="LayerPaths.Keep"/>).
    /// </summary>
    public void RemoveLayers(MergeWorkspaceLayers merge)
    {
        try
        {
            foreach (var layer in merge.Merge.Select(b => b.Layer).Concat(merge.Discard))
            {
                if (_options.KeepWorkspace)
                {
                    _paths.Keep(merge.RunId, layer);
                }
                else
                {
                    _paths.Remove(merge.RunId, layer);
                }
            }

            _activity.Forget(merge.RunId, merge.Merge.Select(b => b.Layer).Concat(merge.Discard));
            var run = _paths.Run(merge.RunId);
            if (merge.Into.Count == 0 && System.IO.Directory.Exists(run) && !System.IO.Directory.EnumerateFileSystemEntries(run).Any())
            {
                System.IO.Directory.Delete(run);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not remove the layers of {GroupId} in run {RunId}; the Executor's next start will", merge.GroupId, merge.RunId);
        }
    }
}
