namespace Platform.Pipelines.Engine;

/// <summary>Attempt leases: an attempt the driver lost track of runs again as a new attempt.</summary>
internal sealed partial class Transition
{
    private void OnLost(AttemptLost e)
    {
        if (Current(e.StepId, e.Attempt) is not { } step)
        {
            return; // it ended, or already moved on: nothing was lost
        }

        _decisions.Add(new CancelAttempt(step.Id, step.Attempt, Reasons.Lost(e.Reason)));
        step.AttemptOpen = false;
        step.Reason = Reasons.LostRunningAgain(step.Attempt, e.Reason);
        Dispatch(step);
    }
}
