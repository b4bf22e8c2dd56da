using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Whether a decision on an approval step would count: the step is an approval step, it is waiting,
/// and the one deciding is among its <c>approvers</c> (when it lists any). Drivers ask before storing a
/// decision, to tell the user why one was refused; the engine asks again and ignores a refused one.
/// </summary>
public static class ApprovalCheck
{
    /// <summary>Null when the decision counts; otherwise why not, as one line.</summary>
    public static string? Refusal(EngineState state, string stepId, string by)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsFinished)
        {
            return $"run {state.RunId} is already {state.Status.ToWire()}";
        }

        if (state.Find(stepId) is not StepInstance step)
        {
            return state.Find(stepId) is null ? $"run {state.RunId} has no step '{stepId}'" : $"'{stepId}' is a group, not an approval step";
        }

        if (step.Plan.Step!.Action is not ApprovalAction gate)
        {
            return $"step {stepId} is not an approval step";
        }

        if (step.Status != StepStatus.Waiting)
        {
            return $"step {stepId} is not waiting for approval (it is {step.Status.ToWire()})";
        }

        if (gate.Approvers.Count > 0 && !gate.Approvers.Contains(by, StringComparer.Ordinal))
        {
            return $"{by} may not decide {stepId}: its approvers are {string.Join(", ", gate.Approvers)}";
        }

        return null;
    }
}
