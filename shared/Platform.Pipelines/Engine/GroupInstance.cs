using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Engine;

/// <summary>
/// A group in one run: its children and the counters that make fan-in O(1) per event. How the
/// children are scheduled is its <see cref="Policy"/>'s business; the cursor, queues and arrays
/// below are used only by the policies that need them.
/// </summary>
internal sealed class GroupInstance(PlanNode plan, string id, GroupInstance? parent, int position, string suffix, Value? item)
    : NodeInstance(plan, id, parent, position, suffix)
{
    public GroupPolicy Policy => Plan.Policy!;

    /// <summary>The forEach item this chain runs with, on <see cref="PlanKind.Item"/> groups.</summary>
    public Value? Item { get; } = item;

    public NodeInstance[] Children { get; set; } = [];

    /// <summary>Children started and not yet finished.</summary>
    public int Active { get; set; }

    public int Done { get; set; }

    /// <summary>Children that really succeeded (an allowed failure is not one).</summary>
    public int Succeeded { get; set; }

    /// <summary>Children that failed and were not allowed to.</summary>
    public int Failed { get; set; }

    /// <summary>Set once the group is being stopped, and how.</summary>
    public StopKind? Stopping { get; set; }

    /// <summary>Why the group is being stopped, without a status prefix.</summary>
    public string? StopCause { get; set; }

    /// <summary>The status the group ends with because it was stopped (cancelled, timed-out), if any.</summary>
    public StepStatus? StopStatus { get; set; }

    /// <summary>A child failed, or fail-fast from an enclosing scope is stopping the group: <c>when: failure</c> may run.</summary>
    public bool FailureSeen => Failed > 0 || Stopping == StopKind.FailFast;

    /// <summary>When the group last started a child (for <c>stagger</c>).</summary>
    public DateTimeOffset? LastChildStartAt { get; set; }

    /// <summary>A stagger timer is out: the group starts its next child when it fires.</summary>
    public bool StaggerTimerSet { get; set; }

    /// <summary>When the stagger timer that is out is due.</summary>
    public DateTimeOffset StaggerDueAt { get; set; }

    /// <summary>Next child position to consider (sequence, parallel, race, forEach).</summary>
    public int Cursor { get; set; }

    /// <summary>Children ready to start ahead of the cursor (DAG: needs done; parallel: released <c>when: failure</c>).</summary>
    public Queue<int>? Ready { get; set; }

    /// <summary>Parallel: <c>when: failure</c> children waiting for a sibling to fail.</summary>
    public List<int>? Deferred { get; set; }

    /// <summary>DAG: per child, needs not yet done.</summary>
    public int[]? RemainingNeeds { get; set; }

    /// <summary>Its branches' layers are being merged: the group ends with this status when they are (<see cref="LayersMerged"/>).</summary>
    public StepStatus? MergingAs { get; set; }

    /// <summary>The reason the group ends with once merged.</summary>
    public string? MergingReason { get; set; }

    /// <summary>The merge was asked for (every branch had ended) and not yet answered.</summary>
    public bool MergeAsked { get; set; }

    /// <summary>Its layers were merged: the group may end.</summary>
    public bool Merged { get; set; }

    /// <summary><c>wait: none</c>: the group is done for its parent but its children still run.</summary>
    public bool Detached { get; set; }

    /// <summary>
    /// An isolating fire-and-forget group: its branches that ended and whose layers are to be merged, in the
    /// order they ended; the first one's merge is asked for and not yet answered, the others wait their turn.
    /// </summary>
    public Queue<NodeInstance>? BranchMerges { get; set; }
}
