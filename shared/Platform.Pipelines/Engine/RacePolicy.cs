using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>parallel</c> with <c>wait: any</c> or <c>wait: N</c> (a quorum): both need a number of real
/// successes (1 for <c>any</c>). The group succeeds at the needed success and cancels the branches
/// still out; it fails as soon as the needed successes have become impossible. A failing branch does
/// not fail the others (no fail-fast), and a failure with <c>allowFailure</c> is not a success: it
/// neither wins nor counts.
/// </summary>
internal sealed class RacePolicy : ParallelPolicy
{
    public static new readonly RacePolicy Instance = new();

    public static int Needed(GroupInstance race) => race.Plan.Wait.Kind == WaitKind.Any ? 1 : race.Plan.Wait.Count;

    public override void ChildFinished(Transition t, GroupInstance group, NodeInstance child)
    {
        var needed = Needed(group);
        if (group.Succeeded >= needed)
        {
            if (group.Stopping is null)
            {
                End(t, group, StepStatus.Succeeded, Reasons.RaceWon(group, needed, child), null);
                return;
            }

            // Stopped from outside and decided by branches that were spared: no branch wins after that.
            foreach (var branch in group.Children)
            {
                t.Stop(branch, StopKind.Forced, Reasons.RaceWon(group, needed, child), null);
            }
        }
        else if (group.Stopping is null && group.Succeeded + (group.Children.Length - group.Done) < needed)
        {
            group.Culprit = child as StepInstance ?? child.Culprit;
            End(t, group, StepStatus.Failed, Reasons.RaceLost(group, needed), group.Culprit);
            return;
        }

        // Stopped from outside (fail-fast above it, a timeout): it ends as that says, not as a lost race.
        Fill(t, group);
        t.CompleteIfDone(group);
    }

    public override StepStatus Outcome(GroupInstance group) =>
        group.Succeeded >= Needed(group) || group.Children.Length == 0 ? StepStatus.Succeeded : StepStatus.Failed;

    /// <summary>The race is decided: finish the group and stop the branches still out, whatever their <c>when</c>.</summary>
    private static void End(Transition t, GroupInstance group, StepStatus status, string cause, StepInstance? culprit)
    {
        t.EndGroup(group, status, status == StepStatus.Failed ? cause : null);
        group.Stopping = StopKind.Forced;
        foreach (var child in group.Children)
        {
            t.Stop(child, StopKind.Forced, cause, culprit);
        }
    }
}
