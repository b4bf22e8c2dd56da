namespace Platform.Pipelines.Engine;

/// <summary>Timers the engine asked for: retry delays, step (and approval), group and run deadlines, start graces.</summary>
internal sealed partial class Transition
{
    /// <summary>The time of the event being applied.</summary>
    public DateTimeOffset At => at;

    /// <summary>Asks the driver for a timer (a policy's own, such as <see cref="TimerKind.Stagger"/>).</summary>
    public void Schedule(TimerKey key, DateTimeOffset dueAt) => _decisions.Add(new ScheduleTimer(key, dueAt));

    private void OnTimer(TimerKey key)
    {
        switch (key.Kind)
        {
            case TimerKind.Retry:
                if (state.Find(key.NodeId) is StepInstance { WaitingRetry: true } waiting && !waiting.IsTerminal && waiting.Attempt + 1 == key.Attempt)
                {
                    Dispatch(waiting);
                }

                break;
            case TimerKind.StepTimeout:
                if (GateTimedOut(key))
                {
                    break;
                }

                if (Current(key.NodeId, key.Attempt) is { } step)
                {
                    _decisions.Add(new CancelAttempt(step.Id, step.Attempt, Reasons.TimedOut));
                    OnAttemptEnded(step.Id, step.Attempt, StepStatus.TimedOut, null, Reasons.TimedOut);
                }

                break;
            case TimerKind.GroupTimeout:
                if (state.Find(key.NodeId) is GroupInstance group && (!group.IsTerminal || group.Detached))
                {
                    Abort(group, StopKind.Forced, Reasons.GroupTimedOut(group, group.Plan.Timeout ?? TimeSpan.Zero), StepStatus.TimedOut, null);
                }

                break;
            case TimerKind.StartGrace:
                // Still not reported started since the restart: its dispatch was lost, or it is stuck behind a dead executor.
                if (Current(key.NodeId, key.Attempt) is { } unstarted && unstarted.Status != StepStatus.Running)
                {
                    Supersede(unstarted);
                }

                break;
            case TimerKind.Stagger:
                if (state.Find(key.NodeId) is GroupInstance staggered && (!staggered.IsTerminal || staggered.Detached))
                {
                    staggered.StaggerTimerSet = false;
                    staggered.Policy.Fill(this, staggered);
                }

                break;
            case TimerKind.RunTimeout:
                if (!state.TimedOut)
                {
                    state.TimedOut = true;
                    StopEverything(Reasons.RunTimedOut(state.Plan.Pipeline.Timeout ?? TimeSpan.Zero));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key.Kind, "a timer the engine does not know");
        }
    }
}
