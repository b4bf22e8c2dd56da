namespace Platform.Pipelines.Engine;

/// <summary>
/// Keeps each attempt's resource use with its step, from the event that ended the attempt. Apart from
/// scheduling on purpose: an attempt's figures count whether or not the engine still waits for it (a
/// cancelled race loser, a late confirmation), so they are recorded before the event is dispatched,
/// and even when the run has finished.
/// </summary>
internal static class ResourceAccounting
{
    public static void Record(EngineState state, RunEvent e)
    {
        var (stepId, attempt, use) = e switch
        {
            AttemptSucceeded m => (m.StepId, m.Attempt, m.Resources),
            AttemptFailed m => (m.StepId, m.Attempt, m.Resources),
            AttemptTimedOut m => (m.StepId, m.Attempt, m.Resources),
            AttemptCancelled m => (m.StepId, m.Attempt, m.Resources),
            _ => (null, 0, null),
        };

        if (use is null || attempt < 1 || state.Find(stepId!) is not StepInstance step)
        {
            return;
        }

        var list = step.AttemptResources ??= [];
        while (list.Count < attempt)
        {
            list.Add(null);
        }

        list[attempt - 1] = use;
    }
}
