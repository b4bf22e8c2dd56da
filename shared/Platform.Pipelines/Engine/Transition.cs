namespace Platform.Pipelines.Engine;

/// <summary>
/// Applies one event: dispatches it, then settles — finished nodes are queued and their parents told
/// in a loop rather than by recursion, so a 100,000-wide group or a long chain never grows the stack.
/// What a group does with a finished child is its <see cref="GroupPolicy"/>'s rule; this class keeps
/// what all kinds share (starting and stopping nodes, attempts, slots, retries, timers).
/// </summary>
internal sealed partial class Transition(EngineState state, DateTimeOffset at)
{
    private readonly List<Decision> _decisions = [];
    private readonly Queue<NodeInstance> _finished = new();

    public EngineState State => state;

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
                OnAttemptEnded(timedOut.StepId, timedOut.Attempt, StepStatus.TimedOut, null, Reasons.TimedOut);
                break;
            case AttemptCancelled cancelled:
                // Normally the engine cancelled it and already moved on. An attempt cancelled behind the
                // engine's back (an executor shutting down) is a failed attempt that may be retried.
                OnAttemptEnded(cancelled.StepId, cancelled.Attempt, StepStatus.Failed, null, Reasons.CancelledByExecutor);
                break;
            case CancelRequested cancel:
                OnCancelRequested(cancel.Reason);
                break;
            case TimerFired timer:
                OnTimer(timer.Key);
                break;
            case RunResumed resumed:
                AskForLocksAgain();
                AskForMergesAgain();
                RedispatchOpenAttempts(resumed.ExecutorsLost, resumed.StartGrace);
                break;
            case AttemptLost lost: OnLost(lost); break;
            case ApprovalDecided decided:
                OnApprovalDecided(decided);
                break;
            case LocksGranted granted:
                OnLocksGranted(granted.NodeId);
                break;
            case LocksLost lost:
                OnLocksLost(lost.NodeId, lost.Reason);
                break;
            case LocksRefused refused:
                OnRunRefused(refused.NodeId, refused.Reason);
                break;
            case LayersMerged merged:
                OnLayersMerged(merged);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "an event the engine does not know");
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
        state.MaxSteps = e.MaxSteps ?? state.MaxSteps;
        state.RunName = e.Name;
        state.ConcurrencyCap = e.ConcurrencyCap;
        state.RerunOf = e.RerunOf;
        state.Reused = e.Reused ?? state.Reused;
        state.StartedAt = at;
        if (AwaitRunGroup())
        {
            return; // it starts when its group has room
        }

        Admitted();
    }

    /// <summary>The run may run: its deadline starts now, then its steps.</summary>
    private void Admitted()
    {
        state.StartedAt = at; // the wait for a place in its group was queue time
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
                Abort(state.Finally, StopKind.Forced, Reasons.RunCancelled(reason), StepStatus.Cancelled, null);
            }

            return;
        }

        state.CancelRequested = true;
        if (state.Status is RunStatus.Pending or RunStatus.Queued)
        {
            state.StartedAt = at;
            SkipTree(state.Main, Reasons.CancelledBeforeStart(reason));
            SkipTree(state.Finally, Reasons.CancelledBeforeStart(reason));
            FinishRun();
            return;
        }

        StopEverything(Reasons.RunCancelled(reason));
    }

    /// <summary>User cancel or run deadline: main and fire-and-forget work stop; finally still runs once.</summary>
    private void StopEverything(string cause)
    {
        if (!state.Main.IsTerminal)
        {
            Abort(state.Main, StopKind.Forced, cause, StepStatus.Cancelled, null);
        }
        else if (state.Finally.Status != StepStatus.Pending && !state.Finally.IsTerminal)
        {
            Abort(state.Finally, StopKind.Forced, cause, StepStatus.Cancelled, null);
        }

        foreach (var detached in state.DetachedGroups.ToList())
        {
            Abort(detached, StopKind.Forced, cause, StepStatus.Cancelled, null);
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
            && state.Status is not (RunStatus.Pending or RunStatus.Queued))
        {
            FinishRun();
        }
    }

    private void FinishRun()
    {
        var status =
            state.CancelRequested ? RunStatus.Cancelled
            : state.TimedOut || state.RefusedReason is not null || state.BranchMergeFailed || Failed(state.Main) || Failed(state.Finally) ? RunStatus.Failed
            : RunStatus.Succeeded;
        ReleaseRunGroup();
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

        if (node is StepInstance step)
        {
            _decisions.Add(new StepStatusChanged(step.Id, status, step.Attempt, reason));
        }
    }

    /// <summary>Marks a node terminal and queues its parent's bookkeeping.</summary>
    public void Finish(NodeInstance node, StepStatus status, string? reason)
    {
        if (node.IsTerminal)
        {
            return;
        }

        if (node is StepInstance step)
        {
            if (step.HoldsSlot)
            {
                step.HoldsSlot = false;
                state.InFlight--;
            }

            step.WaitingSlot = false;
            step.WaitingRetry = false;
            step.AttemptOpen = false;
        }

        if (node is not GroupInstance { Detached: true })
        {
            ReleaseLocksOf(node); // a detached group keeps them until its last child ends
        }

        // A node that never started has no times at all.
        if (node.StartedAt is not null)
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

    internal InstanceResolver Resolver(NodeInstance node, bool strict) => new(state, node, at, strict);
}
