namespace Platform.Executor.Workspaces;

/// <summary>
/// Two branches conflict on a path they both changed to different results: different content or mode,
/// a file against a directory, one deleting what the other wrote, or one deleting a directory the
/// other wrote into. The same change made by both (same bytes, both deletions) is no conflict.
/// </summary>
internal static class LayerConflicts
{
    public static List<(string Path, string First, string Second)> Find(IReadOnlyList<(string Name, IReadOnlyList<LayerChange> Changes)> branches)
    {
        var conflicts = new List<(string Path, string First, string Second)>();
        var byPath = branches.Select(b => b.Changes.ToDictionary(c => c.Path, StringComparer.Ordinal)).ToList();
        for (var i = 0; i < branches.Count; i++)
        {
            for (var j = i + 1; j < branches.Count; j++)
            {
                foreach (var path in Clashes(byPath[i], byPath[j]).Distinct().Order(StringComparer.Ordinal))
                {
                    conflicts.Add((path, branches[i].Name, branches[j].Name));
                }
            }
        }

        return conflicts;
    }

    private static IEnumerable<string> Clashes(Dictionary<string, LayerChange> a, Dictionary<string, LayerChange> b)
    {
        foreach (var (path, left) in a)
        {
            if (b.TryGetValue(path, out var right) && !SameResult(left, right))
            {
                yield return path;
            }
        }

        // A directory one branch deleted or replaced, and the other wrote below it.
        foreach (var (removing, other) in new[] { (a, b), (b, a) })
        {
            foreach (var gone in removing.Values.Where(c => c.Kind is LayerChangeKind.Delete or LayerChangeKind.ReplaceDirectory))
            {
                if (other.TryGetValue(gone.Path, out var same) && same.Kind == gone.Kind)
                {
                    continue; // both did it: their contents are compared path by path
                }

                foreach (var below in other.Keys.Where(p => p.StartsWith(gone.Path + "/", StringComparison.Ordinal)))
                {
                    if (!removing.ContainsKey(below))
                    {
                        yield return below;
                    }
                }
            }
        }
    }

    private static bool SameResult(LayerChange left, LayerChange right) => (left.Kind, right.Kind) switch
    {
        (LayerChangeKind.Delete, LayerChangeKind.Delete) => true,
        (LayerChangeKind.Directory, LayerChangeKind.Directory) => true,
        (LayerChangeKind.ReplaceDirectory, LayerChangeKind.ReplaceDirectory) => true,
        (LayerChangeKind.Write, LayerChangeKind.Write) => SameEntry.Equal(left.Source, right.Source),
        _ => false,
    };
}
