using Platform.Executor.Workspaces;

namespace Platform.Executor.Tests.Workspaces;

/// <summary>
/// The conflicts found through the index of changed paths are exactly those of comparing every pair
/// of branches (the rule as first written, kept here as the reference), in the same order.
/// </summary>
public sealed class LayerConflictsTests : IDisposable
{
    private static readonly string[] Paths = ["a", "a/b", "a/b/c", "a/bc", "d", "d/e", "d/e/f", "g"];
    private readonly string _root = Directory.CreateTempSubdirectory("layer-conflicts-").FullName;

    [Fact]
    public void Random_changes_give_the_conflicts_of_every_pair_compared()
    {
        var sources = new[] { Write("one", "1"), Write("two", "2"), null };
        var random = new Random(19);
        for (var trial = 0; trial < 400; trial++)
        {
            var branches = Enumerable.Range(0, random.Next(1, 6)).Select(b => ($"b{b}", (IReadOnlyList<LayerChange>)
                [.. Paths.Where(_ => random.Next(3) == 0).Select(p => new LayerChange(p, (LayerChangeKind)random.Next(4), sources[random.Next(3)]))]))
                .ToList();

            Assert.Equal(PairByPair(branches), LayerConflicts.Find(branches));
        }
    }

    [Fact]
    public void Changes_remembered_after_their_merge_conflict_with_a_later_branch_as_the_originals_did()
    {
        var sources = new[] { Write("one", "1"), Write("two", "2"), Write("three", "1"), null };
        var random = new Random(23);
        for (var trial = 0; trial < 400; trial++)
        {
            var branches = Enumerable.Range(0, random.Next(2, 6)).Select(b => ($"b{b}", (IReadOnlyList<LayerChange>)
                [.. Paths.Where(_ => random.Next(3) == 0).Select(p => new LayerChange(p, (LayerChangeKind)random.Next(4), sources[random.Next(4)]))]))
                .ToList();
            var remembered = branches.SkipLast(1).Select(b => (b.Item1, (IReadOnlyList<LayerChange>)[.. b.Item2.Select(c => c.Fingerprinted() with { Source = null })])).Append(branches[^1]).ToList();

            var expected = PairByPair(branches).Where(c => c.Second == branches[^1].Item1)
                .GroupBy(c => c.Path).Select(g => g.Last()).OrderBy(c => c.Path, StringComparer.Ordinal);
            Assert.Equal(expected, LayerConflicts.FindAgainstEarlier(remembered));
        }
    }

    [Fact]
    public void A_thousand_branches_that_changed_nothing_have_no_conflict()
    {
        var branches = Enumerable.Range(0, 1000).Select(b => ($"b{b}", (IReadOnlyList<LayerChange>)[])).ToList();
        Assert.Empty(LayerConflicts.Find(branches));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<(string Path, string First, string Second)> PairByPair(List<(string Name, IReadOnlyList<LayerChange> Changes)> branches)
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
            if (b.TryGetValue(path, out var right) && !LayerConflicts.SameResult(left, right))
            {
                yield return path;
            }
        }

        foreach (var (removing, other) in new[] { (a, b), (b, a) })
        {
            foreach (var gone in removing.Values.Where(c => c.Kind is LayerChangeKind.Delete or LayerChangeKind.ReplaceDirectory))
            {
                if (other.TryGetValue(gone.Path, out var same) && same.Kind == gone.Kind)
                {
                    continue;
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
}
