namespace Platform.Executor.Workspaces;

/// <summary>
/// Two branches conflict on a path they both changed to different results: different content or mode,
/// a file against a directory, one deleting what the other wrote, or one deleting a directory the
/// other wrote into. The same change made by both (same bytes, both deletions) is no conflict.
/// Found through an index of the changed paths, not by comparing every pair of branches: a group of
/// 1,000 branches that changed nothing costs nothing more than one of 2 (fan-in independent of width).
/// </summary>
internal static class LayerConflicts
{
    /// <returns>Each conflict once, ordered by the pair of branches (in their order), then by path.</returns>
    public static List<(string Path, string First, string Second)> Find(IReadOnlyList<(string Name, IReadOnlyList<LayerChange> Changes)> branches) =>
        [.. Pairs(branches).Select(c => (c.Path, branches[c.First].Name, branches[c.Second].Name))];

    /// <summary>
    /// The conflicts of the last of <paramref name="branches"/> with the ones before it (a fire-and-forget branch
    /// against its siblings merged earlier), by path; a path several siblings changed names the last of them,
    /// whose version the directory holds.
    /// </summary>
    public static List<(string Path, string First, string Second)> FindAgainstEarlier(IReadOnlyList<(string Name, IReadOnlyList<LayerChange> Changes)> branches) =>
        [.. Pairs(branches, only: branches.Count - 1)
            .GroupBy(c => c.Path, StringComparer.Ordinal)
            .Select(path => path.MaxBy(c => c.First))
            .OrderBy(c => c.Path, StringComparer.Ordinal)
            .Select(c => (c.Path, branches[c.First].Name, branches[c.Second].Name))];

    /// <param name="only">Set: only the conflicts of that branch with the others (a merge stays linear in the changes however many siblings came before).</param>
    private static IEnumerable<(int First, int Second, string Path)> Pairs(IReadOnlyList<(string Name, IReadOnlyList<LayerChange> Changes)> branches, int? only = null)
    {
        var byPath = new Dictionary<string, List<(int Branch, LayerChange Change)>>(StringComparer.Ordinal);
        for (var i = 0; i < branches.Count; i++)
        {
            foreach (var change in branches[i].Changes)
            {
                if (!byPath.TryGetValue(change.Path, out var touching))
                {
                    byPath[change.Path] = touching = [];
                }

                touching.Add((i, change));
            }
        }

        var found = new HashSet<(int First, int Second, string Path)>();
        foreach (var (path, touching) in byPath)
        {
            var compared = only is { } one
                ? touching.Where(t => t.Branch == one).SelectMany(mine => touching.Where(t => t.Branch != one).Select(other => (A: other, B: mine)))
                : touching.SelectMany((a, x) => touching.Skip(x + 1).Select(b => (A: a, B: b)));
            foreach (var (a, b) in compared)
            {
                if (a.Branch != b.Branch && !SameResult(a.Change, b.Change))
                {
                    found.Add(Pair(a.Branch, b.Branch, path));
                }
            }
        }

        // A directory one branch deleted or replaced, and another wrote below it.
        var sorted = byPath.Keys.Order(StringComparer.Ordinal).ToArray();
        for (var removing = 0; removing < branches.Count; removing++)
        {
            foreach (var gone in branches[removing].Changes.Where(c => c.Kind is LayerChangeKind.Delete or LayerChangeKind.ReplaceDirectory))
            {
                var prefix = gone.Path + "/";
                for (var k = FirstAtOrAfter(sorted, prefix); k < sorted.Length && sorted[k].StartsWith(prefix, StringComparison.Ordinal); k++)
                {
                    var below = sorted[k];
                    if (byPath[below].Exists(t => t.Branch == removing))
                    {
                        continue; // the remover changed it too: compared path by path above
                    }

                    foreach (var (other, _) in byPath[below])
                    {
                        if ((only is null || removing == only || other == only) && !byPath[gone.Path].Exists(t => t.Branch == other && t.Change.Kind == gone.Kind))
                        {
                            found.Add(Pair(removing, other, below)); // unless both did it: then their contents are compared path by path
                        }
                    }
                }
            }
        }

        return found.OrderBy(c => c.First).ThenBy(c => c.Second).ThenBy(c => c.Path, StringComparer.Ordinal);
    }

    private static (int, int, string) Pair(int a, int b, string path) => a < b ? (a, b, path) : (b, a, path);

    private static int FirstAtOrAfter(string[] sorted, string value)
    {
        var index = Array.BinarySearch(sorted, value, StringComparer.Ordinal);
        return index >= 0 ? index : ~index;
    }

    internal static bool SameResult(LayerChange left, LayerChange right) => (left.Kind, right.Kind) switch
    {
        (LayerChangeKind.Delete, LayerChangeKind.Delete) => true,
        (LayerChangeKind.Directory, LayerChangeKind.Directory) => true,
        (LayerChangeKind.ReplaceDirectory, LayerChangeKind.ReplaceDirectory) => true,
        (LayerChangeKind.Write, LayerChangeKind.Write) => left.Fingerprint is null && right.Fingerprint is null
            ? SameEntry.Equal(left.Source, right.Source)
            : (left.Fingerprint ?? SameEntry.Fingerprint(left.Source)) == (right.Fingerprint ?? SameEntry.Fingerprint(right.Source)),
        _ => false,
    };
}
