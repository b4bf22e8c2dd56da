using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Validation;

/// <summary>
/// Inside a group that takes a lock, nothing takes another one: a group would hold its locks while
/// a child waits for more, and two runs doing that in opposite orders wait for each other for ever.
/// With the rule, every holder needs nothing more to finish, so every waiter is served. Naming the
/// group's own lock again is allowed (it is already held: the child does not ask again).
/// </summary>
internal sealed class NestedLockCheck(ReaderContext context)
{
    public void Check(IEnumerable<Node> nodes, IReadOnlyList<(string Name, string Group)> held)
    {
        foreach (var node in nodes)
        {
            if (held.Count > 0 && node.Locks.FirstOrDefault(l => held.All(h => h.Name != l.Name.Text)) is { } extra)
            {
                var source = context.SourceMap.Of(node);
                context.Error(source.LockKey ?? source.Item,
                    $"'{node.Id}' takes lock '{extra.Name.Text}' inside group '{held[0].Group}', which holds lock '{held[0].Name}': "
                    + "put every lock on the outer group (holding one lock while waiting for another can deadlock two runs)");
            }

            if (node is GroupNode group)
            {
                Check(group.Children, [.. held, .. node.Locks.Select(l => (l.Name.Text, node.Id))]);
            }
        }
    }
}
