namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>stagger: DURATION</c> on a parallel group or a forEach (the remedy for a thundering herd): the
/// group starts its children at least that far apart, in the order it would have started them. A child
/// that may not start yet waits for a <see cref="TimerKind.Stagger"/> timer, after which the group fills
/// again. Concurrency limits still apply; stagger only spaces starts. The gap counts from the later of
/// the previous child's dispatch and its start as its Executor reported it (a cold process may start
/// a while after its dispatch), so the starts a report shows are spaced too whenever that report came
/// in before the gap ran out.
/// </summary>
internal static class Stagger
{
    /// <summary>True when the group may start a child now; otherwise the timer for its next start is set (once).</summary>
    public static bool MayStart(Transition t, GroupInstance group)
    {
        if (group.Plan.Stagger is not { } gap || group.LastChildStartAt is not { } last || t.At >= last + gap)
        {
            return true;
        }

        if (!group.StaggerTimerSet || group.StaggerDueAt != last + gap)
        {
            group.StaggerTimerSet = true;
            group.StaggerDueAt = last + gap;
            t.Schedule(new TimerKey(TimerKind.Stagger, group.Id, 0), last + gap);
        }

        return false;
    }

    /// <summary>A child step's first attempt reported its start: later starts of its group count from then if that is later.</summary>
    public static void ChildStarted(StepInstance step, DateTimeOffset startedAt)
    {
        // A forEach's child is an item's chain: its first step starting is the item starting.
        var group = step.Parent is { Plan.Kind: PlanKind.Item } chain && step.Position == 0 ? chain.Parent : step.Parent;
        if (group is { Plan.Stagger: not null, LastChildStartAt: { } last } && startedAt > last)
        {
            group.LastChildStartAt = startedAt;
        }
    }

    public static void Started(Transition t, GroupInstance group)
    {
        if (group.Plan.Stagger is not null)
        {
            group.LastChildStartAt = t.At;
        }
    }
}
