using Microsoft.Extensions.FileSystemGlobbing;
using Platform.Executor.Workspaces;

namespace Platform.Executor.Artifacts;

/// <summary>
/// The files a step's <c>artifacts:</c> globs match in its working directory (a directory: everything in it)
/// as the step saw it — the run's workspace, or for a step of an isolated branch the workspace through its
/// layers (<see cref="ViewFiles"/>) — as paths relative to the run's workspace and where each is read from.
/// </summary>
internal static class ArtifactFiles
{
    /// <returns>The matches (workspace-relative, '/'-separated, sorted), or why the globs cannot be used.</returns>
    public static (IReadOnlyList<(string Relative, string FullPath)> Files, string? Error) Match(ILayerView view, string workspace, string workdir, IReadOnlyList<string> globs)
    {
        var root = Path.GetFullPath(workspace);
        var from = Path.GetFullPath(workdir);
        if (Path.GetRelativePath(root, from) is var inside && (inside.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(inside)))
        {
            return ([], $"artifacts need the step's working directory inside the run's workspace ({root})");
        }

        var prefix = inside == "." ? "" : inside.Replace('\\', '/') + "/";
        // A plain directory (no layers, or the copy fallback's copy) is globbed in place, walking only what the
        // globs reach; through overlay layers every file below the working directory is listed first.
        var plain = view is PlainView p ? Path.GetFullPath(Path.Combine(p.Root, inside)) : null;
        var seen = plain is null ? ViewFiles.Under(view, inside) : null;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var glob in globs)
        {
            var matcher = new Matcher(StringComparison.Ordinal);
            // A directory stands for everything in it, as `dist/**` would.
            var named = Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(from, glob))).Replace('\\', '/');
            matcher.AddInclude(view.Locate(named) is { } shown && Directory.Exists(shown) ? glob.TrimEnd('/') + "/**" : glob);
            var found = (plain is null
                    ? matcher.Match(from, seen!.Keys.Select(k => Path.Combine(from, k))).Files.Select(f => (f.Path, FullPath: seen[f.Path]))
                    : matcher.GetResultsInFullPath(plain)
                        .Where(f => !new FileInfo(f).Attributes.HasFlag(FileAttributes.ReparsePoint)) // a link could point out of the workspace
                        .Select(f => (Path: Path.GetRelativePath(plain, f).Replace('\\', '/'), FullPath: f)))
                .ToList();
            if (found.Count == 0)
            {
                return ([], $"artifact '{glob}' matched no file in {from}");
            }

            foreach (var (relative, fullPath) in found)
            {
                files[prefix + relative] = fullPath;
            }
        }

        return ([.. files.Select(f => (f.Key, f.Value))], null);
    }
}
