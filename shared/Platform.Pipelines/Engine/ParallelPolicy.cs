using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>parallel</c> with <c>wait: all</c> (and the base of forEach, races and fire-and-forget): children
/// start together up to <c>concurrency</c>; the group is done when every child is, and fails if one
/// failed without <c>allowFailure</c>. A <c>when: failure</c> child waits until a sibling fails (or
/// fail-fast from an enclosing scope stops the group) and is skipped if that never happens.
/// </summary>
internal class ParallelPolicy : GroupPolicy
{
    public static readonly ParallelPolicy Instance = new();

    public override void Fill(Transition t, GroupInstance group)
    {
        if (group.FailureSeen)
        {
            ReleaseDeferred(group);
        }

        var limit = ConcurrencyCap.GroupLimit(t.State, group.Plan);
        while (group.Active < limit && group.Ready is { Count: > 0 } && Stagger.MayStart(t, group))
        {
            t.Start(group.Children[group.Ready.Dequeue()]);
            Stagger.Started(t, group);
        }

        while (group.Active < limit && group.Cursor < group.Children.Length && Stagger.MayStart(t, group))
        {
            var child = group.Children[group.Cursor++];
            if (child.IsTerminal)
            {
                continue;
            }

            if (child.Plan.When == When.Failure && !group.FailureSeen)
            {
                (group.Deferred ??= []).Add(child.Position);
                continue;
            }

            t.Start(child);
            Stagger.Started(t, group);
        }
    }

    public override bool SkipIdle(Transition t, GroupInstance group)
    {
        group.Deferred?.RemoveAll(p => group.Children[p].IsTerminal);
        if (group.Deferred is not { Count: > 0 } deferred || group.FailureSeen || group.Active > 0
            || group.Done + deferred.Count != group.Children.Length)
        {
            return false;
        }

        foreach (var position in deferred)
        {
            t.Skip(group.Children[position], Reasons.NoFailureHappened);
        }

        deferred.Clear();
        return true;
    }

    private static void ReleaseDeferred(GroupInstance group)
    {
        if (group.Deferred is { Count: > 0 } deferred)
        {
            group.Ready ??= new Queue<int>();
            foreach (var position in deferred)
            {
                group.Ready.Enqueue(position);
            }

            deferred.Clear();
        }
    }
}
