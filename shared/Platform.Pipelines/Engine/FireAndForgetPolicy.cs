namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>parallel</c> with <c>wait: none</c>: the group is done for its parent (succeeded) as soon as its
/// children are dispatched, so what follows starts at once. Its children go on "detached": their
/// failures are reported but fail nothing, fail-fast in an enclosing scope never stops them (only a
/// user cancel, the run timeout or the group's own timeout does), and the run ends only after they
/// have finished, so nothing is orphaned.
/// </summary>
internal sealed class FireAndForgetPolicy : ParallelPolicy
{
    public static new readonly FireAndForgetPolicy Instance = new();

    public override void Started(Transition t, GroupInstance group)
    {
        if (group.Children.Length == 0)
        {
            t.CompleteIfDone(group);
            return;
        }

        SkipIdle(t, group);
        group.Detached = true;
        t.State.DetachedGroups.Add(group);
        t.Finish(group, StepStatus.Succeeded, null);
    }

    public override void ChildFinished(Transition t, GroupInstance group, NodeInstance child) =>
        throw new InvalidOperationException($"{group.Id} finished when it started");

    public override void DetachedChildFinished(Transition t, GroupInstance group, NodeInstance child)
    {
        Fill(t, group);
        SkipIdle(t, group);
        if (group.Done == group.Children.Length)
        {
            group.Detached = false;
            t.State.DetachedGroups.Remove(group);
            t.ReleaseLocksOf(group);
        }
    }
}
