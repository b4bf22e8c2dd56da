namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>stagger: DURATION</c> on a parallel group or a forEach (the remedy for a thundering herd): the
/// group starts its children at least that far apart, in the order it would have started them. A child
/// that may not start yet waits for a <see cref="TimerKind.Stagger"/> timer, after which the group fills
/// again. Concurrency limits still apply; stagger only spaces starts.
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

        if (!group.StaggerTimerSet)
        {
            group.StaggerTimerSet = true;
            t.Schedule(new TimerKey(TimerKind.Stagger, group.Id, 0), last + gap);
        }

        return false;
    }

    public static void Started(Transition t, GroupInstance group)
    {
        if (group.Plan.Stagger is not null)
        {
            group.LastChildStartAt = t.At;
        }
    }
}
