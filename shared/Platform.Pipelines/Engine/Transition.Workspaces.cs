using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Isolated branches: an isolating group (<see cref="PlanNode.Isolates"/>) that ran any branch does
/// not end at once; it asks for its branches' layers to be merged (<see cref="MergeLayers"/>) and ends
/// when <see cref="LayersMerged"/> comes back. A conflict under <c>onConflict: fail</c> fails it.
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
    /// </summary>
    private void AskForMergeOnceBranchesEnded(GroupInstance group)
    {
        if (!group.MergeAsked && group.Children.All(c => c.IsTerminal))
        {
            group.MergeAsked = true;
            _decisions.Add(MergeOf(group));
        }
    }

    private static MergeLayers MergeOf(GroupInstance group) => new(
        group.Id,
        WorkspaceLayers.Of(group) ?? [],
        [.. group.Children.Where(c => c.Status == StepStatus.Succeeded).Select(c => new LayerBranch(c.Id, WorkspaceLayers.BranchName(c)))],
        [.. group.Children.Where(c => c.Status != StepStatus.Succeeded && c.StartedAt is not null).Select(c => c.Id)],
        group.Plan.OnConflict);

    private void OnLayersMerged(LayersMerged e)
    {
        if (state.Find(e.GroupId) is not GroupInstance { MergingAs: { } status, MergeAsked: true } group || group.IsTerminal)
        {
            return; // late or duplicated
        }

        var reason = group.MergingReason;
        group.MergingAs = null;
        group.MergingReason = null;
        group.MergeAsked = false;
        group.Merged = true;
        if (e.Error is { } error)
        {
            (status, reason) = (StepStatus.Failed, Reasons.MergeFailed(group, error));
        }
        else if (e.Conflicts.Count > 0 && group.Plan.OnConflict != ConflictPolicy.LastWins)
        {
            var conflict = Reasons.Conflict(group, e.Conflicts);
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
    }
}
