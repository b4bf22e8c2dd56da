using Microsoft.Extensions.FileSystemGlobbing;

namespace Platform.Executor.Artifacts;

/// <summary>
/// The files a step's <c>artifacts:</c> globs match in its working directory (a directory: everything in it),
/// as paths relative to the run's workspace.
/// </summary>
internal static class ArtifactFiles
{
    /// <returns>The matches (workspace-relative, '/'-separated, sorted), or why the globs cannot be used.</returns>
    public static (IReadOnlyList<(string Relative, string FullPath)> Files, string? Error) Match(string workspace, string workdir, IReadOnlyList<string> globs)
    {
        var root = Path.GetFullPath(workspace);
        var from = Path.GetFullPath(workdir);
        if (Path.GetRelativePath(root, from) is var inside && (inside.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(inside)))
        {
            return ([], $"artifacts need the step's working directory inside the run's workspace ({root})");
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var glob in globs)
        {
            var matcher = new Matcher(StringComparison.Ordinal);
            // A directory stands for everything in it, as `dist/**` would.
            matcher.AddInclude(Directory.Exists(Path.Combine(from, glob)) ? glob.TrimEnd('/') + "/**" : glob);
            var found = matcher.GetResultsInFullPath(from)
                .Where(f => !new FileInfo(f).Attributes.HasFlag(FileAttributes.ReparsePoint)) // a link could point out of the workspace
                .ToList();
            if (found.Count == 0)
            {
                return ([], $"artifact '{glob}' matched no file in {from}");
            }

            foreach (var file in found)
            {
                files[Path.GetRelativePath(root, file).Replace('\\', '/')] = file;
            }
        }

        return ([.. files.Select(f => (f.Key, f.Value))], null);
    }
}
