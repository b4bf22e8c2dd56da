using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Approval steps: started, a gate waits — no dispatch, no executor slot, no run <c>concurrency</c>
/// slot — until a decision (<see cref="ApprovalDecided"/>) or its timeout (a step-timeout timer, re-armed
/// by replay after a restart). A user cancel or fail-fast cancels it like any running step.
/// </summary>
internal sealed partial class Transition
{
    private static bool IsGate(StepInstance step) => step.Plan.Step!.Action is ApprovalAction;

    private void StartGate(StepInstance step)
    {
        var gate = (ApprovalAction)step.Plan.Step!.Action;
        string? message = null;
        try
        {
            message = gate.Message?.Render(Resolver(step, strict: !state.LenientTemplates));
        }
        catch (TemplateException e)
        {
            Finish(step, StepStatus.Failed, Reasons.CouldNotStart(e.Message));
            return;
        }

        // One "attempt": the wait itself. It is never open, so a restart never dispatches it again.
        step.Attempt = 1;
        step.StartedAt = at;
        // The hint names the run as its user knows it: the --run-id name when it has one.
        SetStatus(step, StepStatus.Waiting, Reasons.WaitingForApproval(state.RunName ?? state.RunId, step.Id, message));
        if ((gate.Timeout ?? step.Plan.Timeout) is { } timeout)
        {
            _decisions.Add(new ScheduleTimer(new TimerKey(TimerKind.StepTimeout, step.Id, step.Attempt), at + timeout));
        }
    }

    private void OnApprovalDecided(ApprovalDecided e)
    {
        if (ApprovalCheck.Refusal(state, e.StepId, e.By) is not null || state.Find(e.StepId) is not StepInstance step)
        {
            return; // the driver told whoever sent it why
        }

        step.Approval = new ApprovalRecord(e.Approved, e.By, at, e.Comment);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { ["decision"] = step.Approval.Decision, ["by"] = e.By };
        if (e.Comment is { } comment)
        {
            outputs["comment"] = comment;
        }

        step.Outputs = outputs;
        Finish(step, e.Approved ? StepStatus.Succeeded : StepStatus.Failed,
            e.Approved ? Reasons.Approved(e.By, e.Comment) : Reasons.Rejected(e.By, e.Comment));
    }

    /// <summary>A gate's timeout: nobody decided in time.</summary>
    private bool GateTimedOut(TimerKey key)
    {
        if (state.Find(key.NodeId) is not StepInstance { Status: StepStatus.Waiting } gate || gate.Attempt != key.Attempt || !IsGate(gate))
        {
            return false;
        }

        var gateTimeout = ((ApprovalAction)gate.Plan.Step!.Action).Timeout ?? gate.Plan.Timeout ?? TimeSpan.Zero;
        Finish(gate, StepStatus.TimedOut, Reasons.ApprovalTimedOut(gateTimeout));
        return true;
    }
}
