using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Isolated branches: an isolating group (<see cref="PlanNode.Isolates"/>) that ran any branch does
/// not end at once; it asks for its branches' layers to be merged (<see cref="MergeLayers"/>) and ends
/// when <see cref="LayersMerged"/> comes back. A conflict under <c>onConflict: fail</c> fails it.
/// A fire-and-forget group ended long before its branches: each branch's layer is merged as that branch
/// ends, one at a time in the order they ended, and a conflict with a sibling merged before it fails the run.
/// </summary>
internal sealed partial class Transition
{
    /// <summary>Ends a group, or, if its branches wrote into layers, starts their merge and ends it when that is done.</summary>
    public void EndGroup(GroupInstance group, StepStatus status, string? reason)
    {
        if (group.IsTerminal || group.MergingAs is not null)
        {
            return;
        }

        if (!group.Plan.Isolates || group.Merged || !group.Children.Any(c => c.StartedAt is not null))
        {
            Finish(group, status, reason);
            return;
        }

        group.MergingAs = status;
        group.MergingReason = reason;
        AskForMergeOnceBranchesEnded(group);
    }

    /// <summary>
    /// A decided race ends while its losers are still being stopped, and a branch that is itself a
    /// group may still be merging its own branches: the merge is asked for once every branch has ended.
    /// A fire-and-forget group inside a branch writes into the branch's layer until its own branches have
    /// ended and merged, so the group waits for it too (asked again from <see cref="FireAndForgetPolicy.EndIfDone"/>).
    /// </summary>
    public void AskForMergeOnceBranchesEnded(GroupInstance group)
    {
        if (!group.MergeAsked && group.MergingAs is not null && group.Children.All(c => c.IsTerminal) && !DetachedInside(group))
        {
            var merge = MergeOf(group);
            if (merge.Merge.Count == 0 && merge.Discard.Count == 0)
            {
                // No branch left anything in its layer (the Executors said so as each attempt ended): nothing to merge
                // or throw away, so no round trip; the group ends as an empty answer would end it.
                MergeAnswered(group, [], null);
                return;
            }

            group.MergeAsked = true;
            Ask(merge);
        }
    }

    /// <summary>Asks for a merge; one that brings changes into an enclosing branch's layer marks that layer written.</summary>
    private void Ask(MergeLayers merge)
    {
        if (merge.Merge.Count > 0 && merge.Into.Count > 0)
        {
            state.WrittenLayers.Add(merge.Into[^1]);
        }

        _decisions.Add(merge);
    }

    private bool DetachedInside(GroupInstance group) =>
        state.DetachedGroups.Any(detached => Ancestors(detached).Contains(group));

    private static IEnumerable<GroupInstance> Ancestors(NodeInstance node)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            yield return parent;
        }
    }

    /// <summary>The group's merge: only branches whose layers something may have written (<see cref="EngineState.WrittenLayers"/>).</summary>
    private MergeLayers MergeOf(GroupInstance group) => new(
        group.Id,
        WorkspaceLayers.Of(group) ?? [],
        [.. group.Children.Where(c => Merges(c) && state.WrittenLayers.Contains(c.Id)).Select(c => new LayerBranch(c.Id, WorkspaceLayers.BranchName(c)))],
        [.. group.Children.Where(c => !Merges(c) && c.StartedAt is not null).Select(c => c.Id)],
        group.Plan.OnConflict);

    /// <summary>
    /// A branch merged at its group's fan-in: one that succeeded. A fire-and-forget group succeeded for its parent when it
    /// started; a conflict among its own branches marks it failed later, yet what its other branches merged into its layer stays.
    /// </summary>
    private static bool Merges(NodeInstance branch) =>
        branch.Status == StepStatus.Succeeded || (branch is GroupInstance { BranchMerges: not null } && branch.StartedAt is not null);

    /// <summary>A branch of an isolating fire-and-forget group ended: its layer is merged now (or discarded if it did not succeed).</summary>
    public void MergeAsBranchEnds(GroupInstance group, NodeInstance branch)
    {
        if (branch.Status == StepStatus.Succeeded && !state.WrittenLayers.Contains(branch.Id))
        {
            return; // it wrote nothing: no merge, and nothing for later siblings to be compared with
        }

        var waiting = group.BranchMerges ??= new Queue<NodeInstance>();
        waiting.Enqueue(branch);
        if (waiting.Count == 1)
        {
            Ask(BranchMergeOf(group, branch)); // otherwise asked when the merge before it is answered
        }
    }

    private static MergeLayers BranchMergeOf(GroupInstance group, NodeInstance branch) => branch.Status == StepStatus.Succeeded
        ? new(group.Id, WorkspaceLayers.Of(group) ?? [], [new LayerBranch(branch.Id, WorkspaceLayers.BranchName(branch))], [], group.Plan.OnConflict, branch.Id)
        : new(group.Id, WorkspaceLayers.Of(group) ?? [], [], [branch.Id], group.Plan.OnConflict, branch.Id);

    /// <summary>
    /// A fire-and-forget branch's merge was answered. The group already succeeded for its parent; a conflict under
    /// <c>onConflict: fail</c> (its branch's changes were not merged) or a failed merge marks the group failed with
    /// the reason and fails the run, while what runs goes on, as after any fire-and-forget failure.
    /// </summary>
    private void OnBranchMerged(LayersMerged e, string branchId)
    {
        if (state.Find(e.GroupId) is not GroupInstance { BranchMerges: { Count: > 0 } waiting } group || waiting.Peek().Id != branchId)
        {
            return; // late or duplicated
        }

        waiting.Dequeue();
        var failure = e.Error is { } error ? Reasons.MergeFailed(group, error)
            : e.Conflicts.Count > 0 && group.Plan.OnConflict != ConflictPolicy.LastWins ? Reasons.Conflict(group, e.Conflicts)
            : null;
        if (failure is not null)
        {
            group.Reason = group.Reason is null ? failure : group.Reason + "; " + failure;
            if (e.Error is not null || group.Plan.OnConflict == ConflictPolicy.Fail)
            {
                group.Status = StepStatus.Failed;
                state.BranchMergeFailed = true;
            }
        }

        if (waiting.Count > 0)
        {
            Ask(BranchMergeOf(group, waiting.Peek()));
        }

        FireAndForgetPolicy.EndIfDone(this, group);
    }

    private void OnLayersMerged(LayersMerged e)
    {
        if (e.Branch is { } branch)
        {
            OnBranchMerged(e, branch);
            return;
        }

        if (state.Find(e.GroupId) is not GroupInstance { MergingAs: not null, MergeAsked: true } group || group.IsTerminal)
        {
            return; // late or duplicated
        }

        MergeAnswered(group, e.Conflicts, e.Error);
    }

    /// <summary>The group's merge is done (or was not needed): it ends, failed by a conflict under <c>onConflict: fail</c> or a merge that failed.</summary>
    private void MergeAnswered(GroupInstance group, IReadOnlyList<LayerConflict> conflicts, string? error)
    {
        var status = group.MergingAs!.Value;
        var reason = group.MergingReason;
        group.MergingAs = null;
        group.MergingReason = null;
        group.MergeAsked = false;
        group.Merged = true;
        if (error is not null)
        {
            (status, reason) = (StepStatus.Failed, Reasons.MergeFailed(group, error));
        }
        else if (conflicts.Count > 0 && group.Plan.OnConflict != ConflictPolicy.LastWins)
        {
            var conflict = Reasons.Conflict(group, conflicts);
            if (group.Plan.OnConflict == ConflictPolicy.Fail)
            {
                (status, reason) = (StepStatus.Failed, conflict);
            }
            else
            {
                reason = reason is null ? conflict : reason + "; " + conflict;
            }
        }

        if (group.StopStatus is { } stopped && status == StepStatus.Succeeded)
        {
            (status, reason) = (stopped, Reasons.Stopped(stopped, group.StopCause!)); // stopped while merging
        }

        Finish(group, status, reason);
    }

    /// <summary>After a restart: merges asked for and not answered are asked for again (a merge already applied finds nothing left).</summary>
    private void AskForMergesAgain()
    {
        foreach (var group in state.Groups().Where(g => g.MergeAsked && g.MergingAs is not null))
        {
            _decisions.Add(MergeOf(group));
        }

        foreach (var group in state.Groups().Where(g => g.BranchMerges is { Count: > 0 }))
        {
            _decisions.Add(BranchMergeOf(group, group.BranchMerges!.Peek()));
        }
    }
}
