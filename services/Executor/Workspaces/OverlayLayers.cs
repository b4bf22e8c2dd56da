using System.Runtime.Versioning;

namespace Platform.Executor.Workspaces;

/// <summary>
/// Layers as overlayfs upper directories. A step in a branch starts in a mount namespace of its own
/// with <c>overlay -o lowerdir=…,upperdir=…,workdir=…</c> mounted over the run's directory — as root
/// by the Executor itself (<see cref="MountNamespace"/>), otherwise through
/// <c>unshare -Urm sh -c 'mount … DIR && cd WORKDIR && exec PROGRAM'</c>: the overlay covers the run's directory itself inside a mount namespace of the step's own, so the
/// step sees its path unchanged, the directory outside is untouched, and the upper directory holds
/// exactly what the branch changed. The mount vanishes with the step's last process, so a killed
/// Executor leaves nothing mounted. Without root the namespace needs a user namespace too
/// (<c>-Urm</c>), where overlayfs cannot delete a directory that has files below it.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class OverlayLayers(LayerPaths paths, string unshare, string mount, bool asRoot) : IBranchLayers
{
    private const string MountThenRun = "\"$1\" -t overlay overlay -o \"$2\" \"$3\" && cd -- \"$4\" && shift 4 && exec \"$@\"";

    public string Name => "overlayfs";

    /// <remarks>
    /// A detached branch's overlay needs nothing more: its upper directory holds exactly what it changed whatever
    /// happens below, and each of its steps mounts the directory as it is when that step starts.
    /// </remarks>
    public BranchLaunch Prepare(Guid runId, IReadOnlyList<string> layers, string directory, string workdir, IReadOnlyList<string> program, IReadOnlyList<string>? detached = null)
    {
        var folders = layers.Select(layer => paths.Layer(runId, layer)).ToList();
        foreach (var folder in folders)
        {
            Directory.CreateDirectory(Path.Combine(folder, "work"));
            if (!Directory.Exists(Path.Combine(folder, "upper")))
            {
                // The overlay's root takes the upper directory's mode: the directory's own.
                Directory.CreateDirectory(Path.Combine(folder, "upper"), new DirectoryInfo(directory).UnixFileMode);
            }
        }

        var lower = string.Join(':', folders[..^1].AsEnumerable().Reverse().Select(f => Path.Combine(f, "upper")).Append(directory));
        var options = $"lowerdir={lower},upperdir={Path.Combine(folders[^1], "upper")},workdir={Path.Combine(folders[^1], "work")}";
        if (directory.IndexOfAny([',', ':']) >= 0)
        {
            throw new IOException($"the directory '{directory}' holds ',' or ':', which overlayfs options cannot carry; run with isolate: false");
        }

        return asRoot
            ? new BranchLaunch(program, workdir, directory, options, folders[^1]) // mounted in-process (MountNamespace)
            : new BranchLaunch([unshare, "-Urm", "--", "/bin/sh", "-c", MountThenRun, "platform-layer", mount, options, directory, workdir, .. program], workdir);
    }

    public IReadOnlyList<LayerChange> Changes(Guid runId, string layer, ILayerView below)
    {
        var upper = Path.Combine(paths.Layer(runId, layer), "upper");
        var changes = new List<LayerChange>();
        if (Directory.Exists(upper))
        {
            Walk(upper, "", below, changes);
        }

        return changes;
    }

    public bool Unchanged(Guid runId, string layer)
    {
        var upper = Path.Combine(paths.Layer(runId, layer), "upper");
        return !Directory.Exists(upper) || !Directory.EnumerateFileSystemEntries(upper).Any();
    }

    private static void Walk(string folder, string relative, ILayerView below, List<LayerChange> changes)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            var path = relative + Path.GetFileName(entry);
            if (OverlayFiles.IsWhiteout(entry))
            {
                if (below.Locate(path) is not null)
                {
                    changes.Add(new LayerChange(path, LayerChangeKind.Delete, null));
                }
            }
            else if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
            {
                if (OverlayFiles.IsOpaque(entry))
                {
                    // Made anew: everything in it is written again, even what equals the old contents.
                    changes.Add(new LayerChange(path, LayerChangeKind.ReplaceDirectory, entry));
                    Walk(entry, path + "/", NothingBelow.Instance, changes);
                    continue;
                }
                else if (below.Locate(path) is not { } old || !Directory.Exists(old))
                {
                    changes.Add(new LayerChange(path, LayerChangeKind.Directory, entry));
                }

                Walk(entry, path + "/", below, changes);
            }
            else if (!SameEntry.Equal(entry, below.Locate(path)))
            {
                changes.Add(new LayerChange(path, LayerChangeKind.Write, entry)); // a copy-up that changed nothing is no change
            }
        }
    }

    private sealed class NothingBelow : ILayerView
    {
        public static readonly NothingBelow Instance = new();

        public string? Locate(string relativePath) => null;

        public IReadOnlyList<string> Folders => [];
    }

    public ILayerView View(Guid runId, IReadOnlyList<string> into, string directory) =>
        new OverlayView([.. into.Reverse().Select(layer => Path.Combine(paths.Layer(runId, layer), "upper"))], directory);

    public string PlaceFor(Guid runId, IReadOnlyList<string> layers, string directory) => directory;

    public void Apply(IReadOnlyList<LayerChange> changes, Guid runId, IReadOnlyList<string> into, string directory)
    {
        if (into.Count == 0)
        {
            DirectoryApply.Apply(changes, directory);
            return;
        }

        // Into the enclosing branch's upper directory, written as overlayfs would have written it.
        var upper = Path.Combine(paths.Layer(runId, into[^1]), "upper");
        Directory.CreateDirectory(upper, new DirectoryInfo(directory).UnixFileMode);
        foreach (var change in changes)
        {
            var target = Path.Combine(upper, change.Path);
            switch (change.Kind)
            {
                case LayerChangeKind.Delete:
                    DirectoryApply.Delete(target);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    OverlayFiles.MakeWhiteout(target);
                    break;
                case LayerChangeKind.ReplaceDirectory:
                    DirectoryApply.Delete(target);
                    Directory.CreateDirectory(target, new DirectoryInfo(change.Source!).UnixFileMode);
                    OverlayFiles.MarkOpaque(target);
                    break;
                case LayerChangeKind.Directory:
                    if (!Directory.Exists(target))
                    {
                        DirectoryApply.Delete(target);
                        Directory.CreateDirectory(target, new DirectoryInfo(change.Source!).UnixFileMode);
                    }

                    break;
                case LayerChangeKind.Write:
                    DirectoryApply.Delete(target);
                    DirectoryApply.MoveEntry(change.Source!, target);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(changes), change.Kind, "an unknown kind of change");
            }
        }
    }

}
