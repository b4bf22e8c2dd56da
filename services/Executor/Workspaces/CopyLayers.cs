using System.Runtime.Versioning;

namespace Platform.Executor.Workspaces;

/// <summary>
/// The fallback where overlayfs in a mount namespace is not available (not Linux, no namespaces, a
/// container without the capability): a branch's layer is a full copy of the directory as its group
/// found it, made when the branch's first step starts, and the step runs in the copy. It costs a copy
/// of the whole directory per branch (time and disk in proportion to its size) and the step sees the
/// copy's path, not the directory's; changes are found by comparing the copy with what it was made from.
/// A fire-and-forget branch's copy is made twice (the second kept as it was), since the directory it came
/// from goes on changing before the branch is merged.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class CopyLayers(LayerPaths paths) : IBranchLayers
{
    public string Name => "copy";

    private string Tree(Guid runId, string layer) => Path.Combine(paths.Layer(runId, layer), "tree");

    /// <summary>A detached branch's copy as it was made: what it changed is found against this, not against a directory that moved on.</summary>
    private string Start(Guid runId, string layer) => Path.Combine(paths.Layer(runId, layer), "start");

    public BranchLaunch Prepare(Guid runId, IReadOnlyList<string> layers, string directory, string workdir, IReadOnlyList<string> program, IReadOnlyList<string>? detached = null)
    {
        // Each enclosing branch's copy first (a branch may start its first step inside a nested group).
        var source = directory;
        foreach (var layer in layers)
        {
            var copy = Tree(runId, layer);
            if (!Directory.Exists(copy))
            {
                if (detached?.Contains(layer) == true)
                {
                    // Made first: once the tree exists the branch may be thought started (PlaceFor).
                    var start = Start(runId, layer);
                    Directory.CreateDirectory(start, new DirectoryInfo(source).UnixFileMode);
                    CopyTree(source, start);
                }

                Directory.CreateDirectory(copy, new DirectoryInfo(source).UnixFileMode);
                CopyTree(source, copy);
            }

            source = copy;
        }

        var tree = source;

        var relative = Path.GetRelativePath(directory, workdir);
        var inside = relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
        return new BranchLaunch(program, inside ? Path.GetFullPath(Path.Combine(tree, relative)) : workdir);
    }

    public IReadOnlyList<LayerChange> Changes(Guid runId, string layer, ILayerView below)
    {
        var tree = Tree(runId, layer);
        var start = Start(runId, layer);
        var changes = new List<LayerChange>();
        if (!Directory.Exists(tree))
        {
            return changes;
        }

        if (!Directory.Exists(start))
        {
            Compare(tree, ((PlainView)below).Root, "", changes);
            return changes;
        }

        // What the branch changed since its copy was made, less what the directory already holds by now
        // (as an overlay's upper directory is read against the directory as it is).
        Compare(tree, start, "", changes);
        return [.. changes.Where(change => !AlreadyThere(change, below.Locate(change.Path)))];
    }

    private static bool AlreadyThere(LayerChange change, string? now) => change.Kind switch
    {
        LayerChangeKind.Write => SameEntry.Equal(change.Source, now),
        LayerChangeKind.Delete => now is null,
        LayerChangeKind.Directory => now is not null && Directory.Exists(now) && new DirectoryInfo(now).LinkTarget is null,
        _ => false,
    };

    private static void Compare(string tree, string source, string relative, List<LayerChange> changes)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path.Combine(tree, relative)).Order(StringComparer.Ordinal))
        {
            var path = relative + Path.GetFileName(entry);
            var old = Path.Combine(source, path);
            if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
            {
                if (!Directory.Exists(old) || new DirectoryInfo(old).LinkTarget is not null)
                {
                    changes.Add(new LayerChange(path, OverlayView.Exists(old) ? LayerChangeKind.ReplaceDirectory : LayerChangeKind.Directory, entry));
                }

                Compare(tree, source, path + "/", changes);
            }
            else if (!SameEntry.Equal(entry, OverlayView.Exists(old) ? old : null))
            {
                changes.Add(new LayerChange(path, LayerChangeKind.Write, entry));
            }
        }

        var before = Path.Combine(source, relative);
        if (Directory.Exists(before))
        {
            foreach (var gone in Directory.EnumerateFileSystemEntries(before).Order(StringComparer.Ordinal))
            {
                if (!OverlayView.Exists(Path.Combine(tree, relative, Path.GetFileName(gone))))
                {
                    changes.Add(new LayerChange(relative + Path.GetFileName(gone), LayerChangeKind.Delete, null));
                }
            }
        }
    }

    /// <summary>A copy's changes are known only by comparing it with its origin (<see cref="Changes"/>): never cheaply.</summary>
    public bool Unchanged(Guid runId, string layer) => false;

    public ILayerView View(Guid runId, IReadOnlyList<string> into, string directory) =>
        new PlainView(into.Count == 0 ? directory : Tree(runId, into[^1]));

    /// <summary>A copy is made once: after that, only a file placed in it (the innermost one made so far) reaches the branch.</summary>
    public string PlaceFor(Guid runId, IReadOnlyList<string> layers, string directory) =>
        layers.Reverse().Select(layer => Tree(runId, layer)).FirstOrDefault(Directory.Exists) ?? directory;

    public void Apply(IReadOnlyList<LayerChange> changes, Guid runId, IReadOnlyList<string> into, string directory) =>
        DirectoryApply.Apply(changes, ((PlainView)View(runId, into, directory)).Root);


    private void CopyTree(string source, string target)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            if (entry == paths.Root || paths.Root.StartsWith(entry + "/", StringComparison.Ordinal))
            {
                continue; // the layers themselves, when they lie inside the directory
            }

            var to = Path.Combine(target, Path.GetFileName(entry));
            if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
            {
                Directory.CreateDirectory(to, new DirectoryInfo(entry).UnixFileMode);
                CopyTree(entry, to);
            }
            else
            {
                DirectoryApply.CopyEntry(entry, to);
            }
        }
    }
}
