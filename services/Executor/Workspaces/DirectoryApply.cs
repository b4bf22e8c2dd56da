using System.Runtime.Versioning;

namespace Platform.Executor.Workspaces;

/// <summary>Writes a branch's changes into a plain directory (the run's directory, or a copied layer): deletions delete.</summary>
[UnsupportedOSPlatform("windows")]
internal static class DirectoryApply
{
    public static void Apply(IReadOnlyList<LayerChange> changes, string directory)
    {
        foreach (var change in changes)
        {
            var target = Path.Combine(directory, change.Path);
            switch (change.Kind)
            {
                case LayerChangeKind.Delete:
                    Delete(target);
                    break;
                case LayerChangeKind.ReplaceDirectory:
                    Delete(target);
                    CreateDirectoryLike(target, change.Source!);
                    break;
                case LayerChangeKind.Directory:
                    if (!Directory.Exists(target))
                    {
                        Delete(target);
                        CreateDirectoryLike(target, change.Source!);
                    }

                    break;
                case LayerChangeKind.Write:
                    Delete(target);
                    MoveEntry(change.Source!, target);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(changes), change.Kind, "an unknown kind of change");
            }
        }
    }

    /// <summary>Removes a file, link or directory tree; nothing there is fine.</summary>
    public static void Delete(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else if (info.Exists || info.LinkTarget is not null)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Moves a merged file out of its layer, which is deleted after the merge: a rename when the layer
    /// lies on the directory's filesystem (no copy however large the file), a copy otherwise.
    /// </summary>
    public static void MoveEntry(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(source, target, overwrite: true);
    }

    /// <summary>Copies a file (mode kept) or recreates a symlink.</summary>
    public static void CopyEntry(string source, string target)
    {
        var info = new FileInfo(source);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (info.LinkTarget is { } link)
        {
            File.CreateSymbolicLink(target, link);
            return;
        }

        File.Copy(source, target, overwrite: true);
        File.SetUnixFileMode(target, info.UnixFileMode);
    }

    private static void CreateDirectoryLike(string target, string source)
    {
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, new DirectoryInfo(source).UnixFileMode);
    }
}
