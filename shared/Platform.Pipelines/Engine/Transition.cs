using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Applies one event. Finished nodes are queued and their parents settled in a loop rather than by
/// recursion, so a 10,000-wide group or a long chain never grows the stack.
/// </summary>
internal sealed partial class Transition(EngineState state, DateTimeOffset at)
{
    private readonly List<Decision> _decisions = [];
    private readonly Queue<NodeInstance> _finished = new();

    public IReadOnlyList<Decision> Apply(RunEvent e)
    {
        if (state.IsFinished)
        {
            return [];
        }

        switch (e)
        {
            case RunBegan began:
                Begin(began);
                break;
            case AttemptStarted started:
                OnStarted(started);
                break;
            case AttemptSucceeded ok:
                OnSucceeded(ok);
                break;
            case AttemptFailed failed:
                OnAttemptEnded(failed.StepId, failed.Attempt, StepStatus.Failed, failed.ExitCode, failed.Error);
                break;
            case AttemptTimedOut timedOut:
                OnAttemptEnded(timedOut.StepId, timedOut.Attempt, StepStatus.TimedOut, null, "timed out");
                break;
            case AttemptCancelled cancelled:
                // Normally the engine cancelled it and already moved on. An attempt cancelled behind the
                // engine's back (an executor shutting down) is a failed attempt that may be retried.
                OnAttemptEnded(cancelled.StepId, cancelled.Attempt, StepStatus.Failed, null, "cancelled by the executor");
                break;
            case CancelRequested cancel:
                OnCancelRequested(cancel.Reason);
                break;
            case TimerFired timer:
                OnTimer(timer.Key);
                break;
            case RunResumed resumed:
                RedispatchOpenAttempts(resumed.ExecutorsLost, resumed.StartGrace);
                break;
            case AttemptLost lost: OnLost(lost); break;
        }

        Settle();
        return _decisions;
    }

    private void Begin(RunBegan e)
    {
        if (state.Status != RunStatus.Pending)
        {
            return;
        }

        state.Inputs = e.Inputs;
        state.StartedAt = at;
        state.Status = RunStatus.Running;
        if (state.Plan.Pipeline.Timeout is { } timeout)
        {
            _decisions.Add(new ScheduleTimer(new TimerKey(TimerKind.RunTimeout, "(run)", 0), at + timeout));
        }

        Start(state.Main);
    }

    private void OnCancelRequested(string reason)
    {
        if (state.CancelRequested)
        {
            // A second request also stops the finally steps.
            if (state.Main.IsTerminal && !state.Finally.IsTerminal && state.Finally.Status != StepStatus.Pending)
            {
                Abort(state.Finally, forced: true, $"cancelled: {reason}", StepStatus.Cancelled);
            }

            return;
        }

        state.CancelRequested = true;
        state.CancelReason = reason;
        if (state.Status == RunStatus.Pending)
        {
            state.StartedAt = at;
            SkipTree(state.Main, $"skipped: run cancelled before it started ({reason})");
            SkipTree(state.Finally, $"skipped: run cancelled before it started ({reason})");
            FinishRun();
            return;
        }

        StopEverything($"cancelled: {reason}", StepStatus.Cancelled);
    }

    /// <summary>User cancel or run deadline: main and fire-and-forget work stop; finally still runs once.</summary>
    private void StopEverything(string reason, StepStatus status)
    {
        if (!state.Main.IsTerminal)
        {
            Abort(state.Main, forced: true, reason, status);
        }
        else if (state.Finally.Status != StepStatus.Pending && !state.Finally.IsTerminal)
        {
            Abort(state.Finally, forced: true, reason, status);
        }

        foreach (var detached in state.DetachedGroups.ToList())
        {
            Abort(detached, forced: true, reason, status);
        }
    }

    private void Settle()
    {
        do
        {
            while (_finished.TryDequeue(out var node))
            {
                if (node.Parent is { } parent)
                {
                    ChildFinished(parent, node);
                }
                else if (node == state.Main)
                {
                    Start(state.Finally);
                }
            }

            PumpSlots();
        }
        while (_finished.Count > 0);

        if (state.Main.IsTerminal && state.Finally.IsTerminal && state.DetachedGroups.Count == 0 && !state.IsFinished
            && state.Status != RunStatus.Pending)
        {
            FinishRun();
        }
    }

    private void FinishRun()
    {
        var status =
            state.CancelRequested ? RunStatus.Cancelled
            : state.TimedOut || Failed(state.Main) || Failed(state.Finally) ? RunStatus.Failed
            : RunStatus.Succeeded;
        state.Status = status;
        state.FinishedAt = at;
        _decisions.Add(new FinishRun(status));

        static bool Failed(NodeInstance root) => root.Status is StepStatus.Failed or StepStatus.TimedOut or StepStatus.Cancelled;
    }

    private void SetStatus(NodeInstance node, StepStatus status, string? reason = null)
    {
        node.Status = status;
        if (reason is not null)
        {
            node.Reason = reason;
        }

        if (node.Plan.Kind == PlanKind.Step)
        {
            _decisions.Add(new StepStatusChanged(node.Id, status, node.Attempt, reason));
        }
    }

    /// <summary>Marks a node terminal and queues its parent's bookkeeping.</summary>
    private void Finish(NodeInstance node, StepStatus status, string? reason)
    {
        if (node.IsTerminal)
        {
            return;
        }

        if (node.HoldsSlot)
        {
            node.HoldsSlot = false;
            state.InFlight--;
        }

        node.WaitingSlot = false;
        node.WaitingRetry = false;
        node.AttemptOpen = false;
        if (status != StepStatus.Skipped || node.StartedAt is not null)
        {
            node.FinishedAt = at;
        }

        if (status == StepStatus.Succeeded)
        {
            node.Reason = null; // a retry note ("attempt 1 failed; retrying") no longer applies
        }

        SetStatus(node, status, reason);
        _finished.Enqueue(node);
    }

    private static bool IsWhen(NodeInstance node, When when) => node.Plan.When == when;
}
