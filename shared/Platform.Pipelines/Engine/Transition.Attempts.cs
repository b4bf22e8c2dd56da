namespace Platform.Pipelines.Engine;

/// <summary>Step attempts: run slots, dispatch, results, retries, and attempts lost in a restart.</summary>
internal sealed partial class Transition
{
    /// <summary>The step whose current, still open attempt is <paramref name="attempt"/>; null for late or duplicate events.</summary>
    private StepInstance? Current(string stepId, int attempt) =>
        state.Find(stepId) is StepInstance { AttemptOpen: true } step && step.Attempt == attempt && !step.IsTerminal
            ? step
            : null;

    private void OnStarted(AttemptStarted e)
    {
        if (Current(e.StepId, e.Attempt) is not { } step)
        {
            if (state.Find(e.StepId) is StepInstance known && e.Attempt <= known.Attempt)
            {
                // An attempt that is no longer wanted began anyway (an executor that joined after the
                // cancel was broadcast, a redelivery after the result was in): stop it where it runs.
                _decisions.Add(new CancelAttempt(e.StepId, e.Attempt, Reasons.NoLongerWanted));
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
            Stagger.ChildStarted(step, at);
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
        if (WrittenLayer(step) is { } layer)
        {
            // The Executor's word on the layer as this attempt ended: empty with nothing else running in it, or not.
            if (e.LayerUnchanged)
            {
                state.WrittenLayers.Remove(layer);
            }
            else
            {
                state.WrittenLayers.Add(layer);
            }
        }

        if (e.Artifacts is { Count: > 0 } artifacts)
        {
            step.Artifacts = artifacts;
            state.Artifacts.AddRange(artifacts);
        }

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
        if (WrittenLayer(step) is { } layer)
        {
            state.WrittenLayers.Add(layer); // a failed attempt may have written anything
        }

        var reason = status == StepStatus.TimedOut ? Reasons.StepTimedOut(step.Plan.Timeout ?? TimeSpan.Zero) : error;
        if (step.Plan.Step!.Retry is { } retry && step.Attempt < retry.Attempts)
        {
            var delay = retry.DelayBefore(step.Attempt + 1);
            var note = Reasons.Retrying(step.Attempt, status, reason);
            if (delay <= TimeSpan.Zero)
            {
                step.Reason = note;
                Dispatch(step);
            }
            else
            {
                step.WaitingRetry = true;
                SetStatus(step, StepStatus.Running, Reasons.RetryingIn(note, delay));
                _decisions.Add(new ScheduleTimer(new TimerKey(TimerKind.Retry, step.Id, step.Attempt + 1), at + delay));
            }

            return;
        }

        Finish(step, status, Reasons.AfterAttempts(reason, step.Attempt));
    }

    /// <summary>The branch layer a step's attempts write into: its innermost, for a step that runs commands (sleep and http write nothing).</summary>
    private static string? WrittenLayer(StepInstance step) =>
        step.Plan.Step!.Action is Model.RunAction ? WorkspaceLayers.Innermost(step) : null;

    private void StartStep(StepInstance step)
    {
        if (TryReuse(step))
        {
            return;
        }

        if (IsGate(step))
        {
            StartGate(step); // waits for a person: no slot
            return;
        }

        SetStatus(step, StepStatus.Queued);
        var limit = ConcurrencyCap.RunLimit(state);
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
        var limit = ConcurrencyCap.RunLimit(state);
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

    private void TakeSlot(StepInstance step)
    {
        step.HoldsSlot = true;
        state.InFlight++;
        state.PeakInFlight = Math.Max(state.PeakInFlight, state.InFlight);
    }

    private void Dispatch(StepInstance step)
    {
        step.Attempt++;
        step.WaitingRetry = false;
        StartAttempt start;
        try
        {
            var layers = WorkspaceLayers.Of(step);
            start = ActionResolver.Resolve(step.Plan.Step!, step.Id, step.Attempt, Resolver(step, strict: !state.LenientTemplates))
                with { Layers = layers, DetachedLayers = WorkspaceLayers.DetachedOf(step), Artifacts = step.Plan.Step!.Artifacts, Inputs = ArtifactVisibility.For(state, layers) };
        }
        catch (TemplateException e)
        {
            // The attempt never began: it is not counted, and a step that never ran has no times.
            step.Attempt--;
            Finish(step, StepStatus.Failed, Reasons.CouldNotStart(e.Message));
            return;
        }

        step.AttemptOpen = true;
        step.StartedAt ??= at;
        if (WrittenLayer(step) is { } layer)
        {
            state.WrittenLayers.Add(layer); // it writes into its innermost layer
        }

        _decisions.Add(start);
        if (step.Attempt > 1)
        {
            SetStatus(step, StepStatus.Queued);
        }
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

    private void Supersede(StepInstance step)
    {
        _decisions.Add(new CancelAttempt(step.Id, step.Attempt, Reasons.Superseded));
        step.AttemptOpen = false;
        step.Reason = Reasons.Interrupted(step.Attempt);
        Dispatch(step);
    }
}
