namespace Platform.Pipelines.Engine;

/// <summary>
/// Re-runs: a step whose success the run took over from the run it re-runs ends succeeded, with that
/// run's outputs, at the moment the engine would have started it; nothing is dispatched.
/// </summary>
internal sealed partial class Transition
{
    private bool TryReuse(StepInstance step)
    {
        if (state.RerunOf is not { } original || !state.Reused.TryGetValue(step.Id, out var outcome))
        {
            return false;
        }

        step.ReusedFrom = original;
        step.StartedAt = at;
        step.Outputs = outcome.Outputs;
        step.ExitCode = outcome.ExitCode;
        Finish(step, StepStatus.Succeeded, Reasons.Reused(original));
        return true;
    }
}
