namespace Platform.Executor.Workspaces;

/// <summary>
/// The regular files a view shows below one of its paths: every folder of the view is walked and each
/// path found is kept only where the view itself resolves it to a regular file, so a file an upper layer
/// replaced is read from there, and one a whiteout or an opaque directory hides is not there at all.
/// Symbolic links are left out (one could point out of the workspace).
/// </summary>
internal static class ViewFiles
{
    private static readonly EnumerationOptions Everything = new() { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };

    /// <returns>Each file's path relative to <paramref name="relativeDirectory"/> ('/'-separated) and the full path it is read from.</returns>
    public static IReadOnlyDictionary<string, string> Under(ILayerView view, string relativeDirectory)
    {
        var prefix = relativeDirectory is "" or "." ? "" : relativeDirectory.TrimEnd('/') + "/";
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in view.Folders)
        {
            var start = Path.Combine(folder, prefix);
            if (!Directory.Exists(start))
            {
                continue;
            }

            foreach (var found in Directory.EnumerateFileSystemEntries(start, "*", Everything))
            {
                var relative = Path.GetRelativePath(start, found).Replace('\\', '/');
                if (!files.ContainsKey(relative) && view.Locate(prefix + relative) is { } shown && IsPlainFile(shown))
                {
                    files[relative] = shown;
                }
            }
        }

        return files;
    }

    private static bool IsPlainFile(string path) =>
        File.Exists(path) && !new FileInfo(path).Attributes.HasFlag(FileAttributes.ReparsePoint) && !OverlayFiles.IsWhiteout(path);
}
