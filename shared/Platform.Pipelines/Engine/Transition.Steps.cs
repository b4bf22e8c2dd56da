namespace Platform.Pipelines.Engine;

/// <summary>Step attempts: run slots, dispatch, results, retries and step deadlines.</summary>
internal sealed partial class Transition
{
    /// <summary>The step whose current, still open attempt is <paramref name="attempt"/>; null for late or duplicate events.</summary>
    private NodeInstance? Current(string stepId, int attempt) =>
        state.Find(stepId) is { Plan.Kind: PlanKind.Step, AttemptOpen: true } step && step.Attempt == attempt && !step.IsTerminal
            ? step
            : null;

    private void OnStarted(AttemptStarted e)
    {
        if (Current(e.StepId, e.Attempt) is not { } step)
        {
            if (state.Find(e.StepId) is { Plan.Kind: PlanKind.Step } known && e.Attempt <= known.Attempt)
            {
                // An attempt that is no longer wanted began anyway (an executor that joined after the
                // cancel was broadcast, a redelivery after the result was in): stop it where it runs.
                _decisions.Add(new CancelAttempt(e.StepId, e.Attempt, "no longer wanted: the step already ended or moved on"));
            }

            return;
        }

        if (step.Status == StepStatus.Running)
        {
            return; // a duplicate start
        }

        if (e.Attempt == 1)
        {
            step.StartedAt = at;
        }

        SetStatus(step, StepStatus.Running);
        if (step.Plan.Timeout is { } timeout)
        {
            _decisions.Add(new ScheduleTimer(new TimerKey(TimerKind.StepTimeout, step.Id, e.Attempt), at + timeout));
        }
    }

    private void OnSucceeded(AttemptSucceeded e)
    {
        if (Current(e.StepId, e.Attempt) is not { } step)
        {
            return;
        }

        step.ExitCode = e.ExitCode;
        step.Outputs = e.Outputs;
        Finish(step, StepStatus.Succeeded, null);
    }

    private void OnAttemptEnded(string stepId, int attempt, StepStatus status, int? exitCode, string error)
    {
        if (Current(stepId, attempt) is not { } step)
        {
            return;
        }

        step.AttemptOpen = false;
        step.ExitCode = exitCode;
        var reason = status == StepStatus.TimedOut
            ? $"timed out after {Durations.Format(step.Plan.Timeout ?? TimeSpan.Zero)}"
            : error;
        if (step.Plan.Step!.Retry is { } retry && step.Attempt < retry.Attempts)
        {
            var delay = retry.DelayBefore(step.Attempt + 1);
            var note = $"attempt {step.Attempt} {status.ToWire()} ({reason}); retrying";
            if (delay <= TimeSpan.Zero)
            {
                step.Reason = note;
                Dispatch(step);
            }
            else
            {
                step.WaitingRetry = true;
                SetStatus(step, StepStatus.Running, $"{note} in {Durations.Format(delay)}");
                _decisions.Add(new ScheduleTimer(new TimerKey(TimerKind.Retry, step.Id, step.Attempt + 1), at + delay));
            }

            return;
        }

        var attempts = step.Attempt > 1 ? $" after {step.Attempt} attempts" : "";
        Finish(step, status, reason + attempts);
    }

    private void StartStep(NodeInstance step)
    {
        SetStatus(step, StepStatus.Queued);
        var limit = state.Plan.Pipeline.Concurrency;
        if (limit is null || (state.InFlight < limit && state.SlotQueue.Count == 0))
        {
            TakeSlot(step);
            Dispatch(step);
        }
        else
        {
            step.WaitingSlot = true;
            state.SlotQueue.Enqueue(step);
        }
    }

    private void PumpSlots()
    {
        var limit = state.Plan.Pipeline.Concurrency;
        while (state.SlotQueue.Count > 0 && (limit is null || state.InFlight < limit))
        {
            var step = state.SlotQueue.Dequeue();
            if (!step.WaitingSlot || step.IsTerminal)
            {
                continue; // cancelled or skipped while it waited
            }

            step.WaitingSlot = false;
            TakeSlot(step);
            Dispatch(step);
        }
    }

    private void TakeSlot(NodeInstance step)
    {
        step.HoldsSlot = true;
        state.InFlight++;
        state.PeakInFlight = Math.Max(state.PeakInFlight, state.InFlight);
    }

    private void Dispatch(NodeInstance step)
    {
        step.Attempt++;
        step.WaitingRetry = false;
        StartAttempt start;
        try
        {
            start = ActionResolver.Resolve(step.Plan.Step!, step.Id, step.Attempt, new InstanceResolver(state, step, at, strict: !state.LenientTemplates));
        }
        catch (TemplateException e)
        {
            Finish(step, StepStatus.Failed, $"could not start: {e.Message}");
            return;
        }

        step.AttemptOpen = true;
        step.StartedAt ??= at;
        _decisions.Add(start);
        if (step.Attempt > 1)
        {
            SetStatus(step, StepStatus.Queued);
        }
    }

    /// <summary>Stops a step: kills its attempt if one is out, or skips it if it never started.</summary>
    private void CancelStep(NodeInstance step, string reason)
    {
        if (step.IsTerminal)
        {
            return;
        }

        if (step.Attempt == 0)
        {
            Finish(step, StepStatus.Skipped, reason.StartsWith("cancelled", StringComparison.Ordinal) ? "skipped: " + reason : reason);
            return;
        }

        if (step.AttemptOpen)
        {
            _decisions.Add(new CancelAttempt(step.Id, step.Attempt, reason));
        }

        Finish(step, StepStatus.Cancelled, reason);
    }

    /// <summary>After a restart: attempts still out may be lost; run them again as new attempts.</summary>
    private void RedispatchOpenAttempts(bool executorsLost, TimeSpan? startGrace)
    {
        foreach (var step in state.OpenAttempts().ToList())
        {
            if (!executorsLost && step.Status == StepStatus.Running)
            {
                continue; // an executor holds it and will report
            }

            if (!executorsLost && startGrace is { } grace && grace > TimeSpan.Zero)
            {
                _decisions.Add(new ScheduleTimer(new TimerKey(TimerKind.StartGrace, step.Id, step.Attempt), at + grace));
                continue;
            }

            Supersede(step);
        }
    }

    private void Supersede(NodeInstance step)
    {
        _decisions.Add(new CancelAttempt(step.Id, step.Attempt, "superseded after a restart"));
        step.AttemptOpen = false;
        step.Reason = $"attempt {step.Attempt} was interrupted by a restart; running it again";
        Dispatch(step);
    }

    private void OnTimer(TimerKey key)
    {
        switch (key.Kind)
        {
            case TimerKind.Retry:
                if (state.Find(key.NodeId) is { WaitingRetry: true } waiting && !waiting.IsTerminal && waiting.Attempt + 1 == key.Attempt)
                {
                    Dispatch(waiting);
                }

                break;
            case TimerKind.StepTimeout:
                if (Current(key.NodeId, key.Attempt) is { } step)
                {
                    _decisions.Add(new CancelAttempt(step.Id, step.Attempt, "timed out"));
                    OnAttemptEnded(step.Id, step.Attempt, StepStatus.TimedOut, null, "timed out");
                }

                break;
            case TimerKind.GroupTimeout:
                if (state.Find(key.NodeId) is { } group && group.Plan.IsGroup && (!group.IsTerminal || group.Detached))
                {
                    Abort(group, forced: true, $"timed out after {Durations.Format(group.Plan.Timeout ?? TimeSpan.Zero)}", StepStatus.TimedOut);
                }

                break;
            case TimerKind.StartGrace:
                // Still not reported started since the restart: its dispatch was lost, or it is stuck behind a dead executor.
                if (Current(key.NodeId, key.Attempt) is { } unstarted && unstarted.Status != StepStatus.Running)
                {
                    Supersede(unstarted);
                }

                break;
            case TimerKind.RunTimeout:
                if (!state.TimedOut)
                {
                    state.TimedOut = true;
                    StopEverything($"cancelled: run timed out after {Durations.Format(state.Plan.Pipeline.Timeout ?? TimeSpan.Zero)}", StepStatus.Cancelled);
                }

                break;
        }
    }
}
