namespace Platform.Executor.Workspaces;

/// <summary>
/// How a branch gets a copy-on-write layer of its own: overlayfs in a mount namespace
/// (<see cref="OverlayLayers"/>) or, where that is not available, a full copy (<see cref="CopyLayers"/>);
/// chosen once (<see cref="BranchLayersChoice"/>). A layer is named by its branch's id and kept per run.
/// </summary>
internal interface IBranchLayers
{
    /// <summary>"overlayfs" or "copy", for logs and the bench.</summary>
    string Name { get; }

    /// <summary>
    /// The program to start and the directory to start it in, so that it sees <paramref name="directory"/> through <paramref name="layers"/>
    /// and writes into the innermost. <paramref name="detached"/>: those of <paramref name="layers"/> that fire-and-forget branches
    /// write into, merged while what lies below them goes on changing, so a layer made of a copy keeps a copy of its start too.
    /// </summary>
    BranchLaunch Prepare(Guid runId, IReadOnlyList<string> layers, string directory, string workdir, IReadOnlyList<string> program, IReadOnlyList<string>? detached = null);

    /// <summary>What <paramref name="layer"/> changed relative to what its branch saw (changes that leave a path as it was included).</summary>
    IReadOnlyList<LayerChange> Changes(Guid runId, string layer, ILayerView below);

    /// <summary>True when <paramref name="layer"/> certainly holds no change (cheaply known: an empty upper directory); false when it may.</summary>
    bool Unchanged(Guid runId, string layer);

    /// <summary>The directory as seen through <paramref name="into"/> (outermost first; empty: the directory itself).</summary>
    ILayerView View(Guid runId, IReadOnlyList<string> into, string directory);

    /// <summary>
    /// Where a file placed for a step of <paramref name="layers"/> before it starts is seen by it: the deepest
    /// folder its view is already made from (the directory for overlays, whose layers are read through at once).
    /// </summary>
    string PlaceFor(Guid runId, IReadOnlyList<string> layers, string directory);

    /// <summary>Writes <paramref name="changes"/> where <paramref name="into"/> writes: its innermost layer, or the directory itself.</summary>
    void Apply(IReadOnlyList<LayerChange> changes, Guid runId, IReadOnlyList<string> into, string directory);
}

/// <summary>
/// A step's program and working directory once its layers are in place, and, for the in-process
/// overlay (<see cref="MountNamespace"/>), the mount its process must be started under and the layer
/// folder that mount writes into.
/// </summary>
internal sealed record BranchLaunch(IReadOnlyList<string> Program, string Workdir, string? MountOn = null, string? MountOptions = null, string? Writes = null)
{
    /// <summary>
    /// Starts the step's process with <paramref name="start"/>, inside its mount namespace if it needs one;
    /// <paramref name="mountNamespace"/> then holds that namespace (and its overlay) until disposed, which
    /// <see cref="DeferredUnmounts.Release"/> does off the step's path once the step has ended.
    /// </summary>
    public T Start<T>(Func<T> start, out DeferredUnmounts.Held? mountNamespace)
    {
        if (MountOn is not { } directory)
        {
            mountNamespace = null;
            return start();
        }

        var layer = Writes ?? directory;
        DeferredUnmounts.CloseNow(layer); // an earlier step of this branch, still held: unmounted before the layer is mounted again
        var (started, held) = MountNamespace.StartInside(directory, MountOptions!, start);
        mountNamespace = new DeferredUnmounts.Held(layer, held);
        return started;
    }
}
