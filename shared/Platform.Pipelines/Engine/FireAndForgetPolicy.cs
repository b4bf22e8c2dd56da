namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>parallel</c> with <c>wait: none</c>: the group is done for its parent (succeeded) as soon as its
/// children are dispatched, so what follows starts at once. Its children go on "detached": their
/// failures are reported but fail nothing, fail-fast in an enclosing scope never stops them (only a
/// user cancel, the run timeout or the group's own timeout does), and the run ends only after they
/// have finished, so nothing is orphaned. Isolated (the default), each branch's layer is merged as soon
/// as the branch ends (<see cref="Transition.MergeAsBranchEnds"/>), and the group stays detached until
/// the last merge is answered.
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
        if (group.Plan.Isolates && child.StartedAt is not null)
        {
            t.MergeAsBranchEnds(group, child);
        }

        Fill(t, group);
        SkipIdle(t, group);
        EndIfDone(t, group);
    }

    /// <summary>Every child has ended and every layer is merged: the group no longer holds the run (nor an enclosing branch's layer) open.</summary>
    public static void EndIfDone(Transition t, GroupInstance group)
    {
        if (group.Detached && group.Done == group.Children.Length && group.BranchMerges is not { Count: > 0 })
        {
            group.Detached = false;
            t.State.DetachedGroups.Remove(group);
            t.ReleaseLocksOf(group);
            for (var enclosing = group.Parent; enclosing is not null; enclosing = enclosing.Parent)
            {
                t.AskForMergeOnceBranchesEnded(enclosing); // an isolating group that waited for it to stop writing into its layers
            }
        }
    }
}
