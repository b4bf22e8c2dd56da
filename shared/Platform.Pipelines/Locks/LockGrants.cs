namespace Platform.Pipelines.Locks;

/// <summary>
/// Who gets a lock next, the one rule every lock table applies (in memory, SQLite, MongoDB):
/// requests are served first come, first served, each all or nothing. A waiting request is granted
/// when, for every lock it asks for, the holders plus the requests that asked before it and still wait
/// are fewer than the limit. So a later request never overtakes an earlier one on a lock they share
/// (no starvation), and a request never holds part of what it asked for (no deadlock between two runs
/// taking the same pair): the earliest waiter anywhere waits only for holders, which end.
/// </summary>
public static class LockGrants
{
    /// <summary>The waiting requests (run, node) to grant now, given every live row of the table.</summary>
    public static IReadOnlyList<(string RunId, string NodeId)> Decide(IEnumerable<LockEntry> entries)
    {
        var rows = entries.ToList();
        var holders = rows.Where(e => e.Held).GroupBy(e => e.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ahead = new Dictionary<string, int>(StringComparer.Ordinal);
        var granted = new List<(string, string)>();
        var waiting = rows.Where(e => !e.Held)
            .GroupBy(e => (e.RunId, e.NodeId))
            .OrderBy(g => g.Min(e => e.Seq)).ThenBy(g => g.Key.RunId, StringComparer.Ordinal).ThenBy(g => g.Key.NodeId, StringComparer.Ordinal);
        foreach (var request in waiting)
        {
            var free = request.All(e => holders.GetValueOrDefault(e.Name) + ahead.GetValueOrDefault(e.Name) < e.Limit);
            foreach (var e in request)
            {
                if (free)
                {
                    holders[e.Name] = holders.GetValueOrDefault(e.Name) + 1;
                }
                else
                {
                    ahead[e.Name] = ahead.GetValueOrDefault(e.Name) + 1;
                }
            }

            if (free)
            {
                granted.Add(request.Key);
            }
        }

        return granted;
    }
}
