namespace Platform.Executor.Workspaces;

/// <summary>
/// The directory as overlayfs shows it through upper directories (innermost first) over the run's
/// directory: the first layer holding a path wins, a whiteout hides it, an opaque directory hides
/// what lies below it.
/// </summary>
internal sealed class OverlayView(IReadOnlyList<string> uppers, string directory) : ILayerView
{
    public IReadOnlyList<string> Folders => [.. uppers, directory];

    public string? Locate(string relativePath)
    {
        var parts = relativePath.Split('/');
        foreach (var upper in uppers)
        {
            var current = upper;
            for (var i = 0; i < parts.Length; i++)
            {
                current = Path.Combine(current, parts[i]);
                if (OverlayFiles.IsWhiteout(current))
                {
                    return null;
                }

                if (i == parts.Length - 1)
                {
                    if (Exists(current))
                    {
                        return current;
                    }
                }
                else if (!Directory.Exists(current))
                {
                    break; // not in this layer: look below
                }
                else if (OverlayFiles.IsOpaque(current) && !Exists(Path.Combine(upper, relativePath)))
                {
                    return null; // this layer replaced the directory, and the path is not in it
                }
            }
        }

        var below = Path.Combine(directory, relativePath);
        return Exists(below) ? below : null;
    }

    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;
}
