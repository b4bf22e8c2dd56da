using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// How one kind of group schedules its children and when it is done. One subclass per kind, each in
/// its own file, chosen once when the plan is compiled (<see cref="For"/>). The <see cref="Transition"/>
/// keeps what every kind shares: starting a node, counting finished children, stopping, slots and timers.
/// </summary>
internal abstract class GroupPolicy
{
    public static GroupPolicy For(PlanNode group) => group.Kind switch
    {
        PlanKind.Sequence or PlanKind.Item => SequencePolicy.Instance,
        PlanKind.Dag => DagPolicy.Instance,
        PlanKind.ForEach => ForEachPolicy.Instance,
        PlanKind.Parallel => group.Wait.Kind switch
        {
            WaitKind.All => ParallelPolicy.Instance,
            WaitKind.Any or WaitKind.Quorum => RacePolicy.Instance,
            WaitKind.None => FireAndForgetPolicy.Instance,
            _ => throw new InvalidOperationException($"unknown wait kind {group.Wait.Kind}"),
        },
        _ => throw new InvalidOperationException($"{group.Kind} is not a group"),
    };

    /// <summary>Prepares the group as it starts; false if it could not start (it is already finished then).</summary>
    public virtual bool Begin(Transition t, GroupInstance group) => true;

    /// <summary>Starts as many children as may start now.</summary>
    public abstract void Fill(Transition t, GroupInstance group);

    /// <summary>Right after the group started and filled.</summary>
    public virtual void Started(Transition t, GroupInstance group) => t.CompleteIfDone(group);

    /// <summary>A child finished; the group's counters already include it, and the group is not finished.</summary>
    public virtual void ChildFinished(Transition t, GroupInstance group, NodeInstance child)
    {
        FailFastOn(t, group, child);
        Fill(t, group);
        t.CompleteIfDone(group);
    }

    /// <summary>A child finished after the group was done for its parent (fire-and-forget only).</summary>
    public virtual void DetachedChildFinished(Transition t, GroupInstance group, NodeInstance child) =>
        throw new InvalidOperationException($"{group.Id} is not a fire-and-forget group");

    /// <summary>
    /// Children waiting for something that can no longer happen (a failure, when everything else is
    /// done) are skipped; true if any were, their skips then finish the group.
    /// </summary>
    public virtual bool SkipIdle(Transition t, GroupInstance group) => false;

    /// <summary>The group's status once all its children are done and it was not stopped.</summary>
    public virtual StepStatus Outcome(GroupInstance group) => group.Failed > 0 ? StepStatus.Failed : StepStatus.Succeeded;

    /// <summary>Fail-fast: a child failing for good stops the rest of a fail-fast scope (see <see cref="Transition.Stop"/>).</summary>
    protected static void FailFastOn(Transition t, GroupInstance group, NodeInstance child)
    {
        if (child.CountsAsFailure && group.Plan.FailFast && group.Stopping is null)
        {
            // The fan-in already recorded the step at the root of the group's first failure.
            t.Abort(group, StopKind.FailFast, Reasons.Failure(group.Culprit ?? child, group), null, group.Culprit);
        }
    }
}
