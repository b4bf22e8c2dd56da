using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Leases;
using Platform.Coordinator.Locks;
using Platform.Coordinator.Ownership;
using Platform.Coordinator.Progress;
using Platform.Coordinator.Saga;
using Platform.Coordinator.Secrets;
using Platform.Coordinator.Telemetry;
using Platform.Coordinator.Timers;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.ServiceDefaults.InProcess;
using Platform.ServiceDefaults.Signing;
using Platform.Storage;

namespace Platform.Coordinator.Running;

/// <summary>
/// The thin shell around the engine: a message becomes an engine event, written to the run store
/// before it is applied; the engine's decisions become messages (ExecuteStep, CancelStep, progress,
/// RunFinished) and timers. Called by the saga, which serialises the messages of one run, so a run's
/// state is never touched by two threads at once.
/// </summary>
public sealed class RunDriver(
    RunEngines engines,
    IRunStore store,
    RunTimers timers,
    RunProgressBuffer progress,
    RunSecrets secrets,
    CommandSigningKey signingKey,
    AttemptLeases leases,
    RunOwnership ownership,
    RunLocks locks,
    IOptions<CoordinatorOptions> options,
    TimeProvider time,
    ILogger<RunDriver> logger,
    InProcessMailbox<ExecuteStep>? inProcess = null)
{
    private const int AppliedMemory = 10_000;
    private readonly ConcurrentDictionary<Guid, byte> _applied = new();
    private readonly ConcurrentQueue<Guid> _appliedOrder = new();

    public async Task SubmitAsync(BehaviorContext<RunState, SubmitRun> context)
    {
        var message = context.Message;
        var saga = context.Saga;
        var now = time.GetUtcNow();
        saga.PipelineYaml = message.PipelineYaml;
        saga.PipelineFile = message.PipelineFile ?? "pipeline.yaml";
        saga.Inputs = new Dictionary<string, string>(message.Inputs ?? new Dictionary<string, string>());
        saga.Name = message.Name;
        saga.SubmittedAt = now;

        if (await store.GetRunAsync(saga.CorrelationId, context.CancellationToken).ConfigureAwait(false) is not null)
        {
            // Known from before a restart: the same run id is the same run, so continue it.
            logger.LogInformation("Run {RunId} was submitted before; continuing it from the store", saga.CorrelationId);
            secrets.Set(saga.CorrelationId, message.Secrets ?? new Dictionary<string, string>());
            await ContinueAsync(context, executorsLost: false).ConfigureAwait(false);
            return;
        }

        var loaded = PipelineLoader.Load(saga.PipelineYaml, saga.PipelineFile);
        var errors = loaded.Errors.Select(e => e.ToString()).ToList();
        IReadOnlyDictionary<string, Pipelines.Expressions.Value> inputs = new Dictionary<string, Pipelines.Expressions.Value>();
        if (loaded.IsValid)
        {
            // A secret given as an input is still a secret: it leaves the inputs before anything is stored.
            var (plain, given, secretErrors) = SecretBinder.Split(loaded.Pipeline!, saga.Inputs, message.Secrets);
            saga.Inputs = plain;
            secrets.Set(saga.CorrelationId, given);
            (inputs, var inputErrors) = InputBinder.Bind(loaded.Pipeline!, saga.Inputs);
            errors.AddRange(inputErrors.Concat(secretErrors).Select(e => $"{saga.PipelineFile}: error: {e}"));
        }

        if (errors.Count > 0)
        {
            secrets.Forget(saga.CorrelationId);
            saga.Rejected = true;
            logger.LogWarning("Run {RunId} rejected: {Errors}", saga.CorrelationId, string.Join("; ", errors));
            await context.Publish(new RunRejected(saga.CorrelationId, errors)).ConfigureAwait(false);
            return;
        }

        var pipeline = loaded.Pipeline!;
        saga.PipelineId = pipeline.Id;
        if (!await store.CreateRunAsync(new StoredRun(saga.CorrelationId, saga.Name, pipeline.Id, saga.PipelineFile, saga.PipelineYaml, saga.Inputs,
            RunStatus.Running, now, null), context.CancellationToken).ConfigureAwait(false))
        {
            await RefusedAsync(context).ConfigureAwait(false);
            return;
        }

        saga.Status = RunStatus.Running;
        var state = engines.Create(RunPlan.Compile(pipeline), saga.CorrelationId);
        engines.Add(saga.CorrelationId, state);
        logger.LogInformation("Run {RunId} of pipeline {PipelineId} started with {Steps} steps", saga.CorrelationId, pipeline.Id, state.Plan.StepCount);
        await context.Publish(new RunStarted(saga.CorrelationId, pipeline.Id, now)).ConfigureAwait(false);
        await ApplyAsync(context, state, [new RunBegan(now, inputs, state.MaxSteps, message.ConcurrencyCap, saga.Name, message.RerunOf?.ToString(), MessageMapper.ToReused(message))])
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The store already holds this run id (a submission racing another, here or on another
    /// Coordinator): the same run — same pipeline text and inputs — is continued; anything else under
    /// that id is rejected, never started unstored.
    /// </summary>
    private async Task RefusedAsync(BehaviorContext<RunState, SubmitRun> context)
    {
        var saga = context.Saga;
        var stored = await store.GetRunAsync(saga.CorrelationId, context.CancellationToken).ConfigureAwait(false);
        if (stored is not null && stored.PipelineYaml == saga.PipelineYaml && stored.PipelineFile == saga.PipelineFile
            && stored.Inputs.Count == saga.Inputs.Count && stored.Inputs.All(i => saga.Inputs.TryGetValue(i.Key, out var v) && v == i.Value))
        {
            logger.LogInformation("Run {RunId} was stored by another submission of it; continuing it", saga.CorrelationId);
            await ContinueAsync(context, executorsLost: false).ConfigureAwait(false);
            return;
        }

        var reason = stored is null
            ? $"error: run {saga.CorrelationId} could not be stored"
            : $"error: run id {saga.CorrelationId} is already taken by another run (pipeline {stored.PipelineId}, submitted {stored.SubmittedAt:O})";
        saga.Rejected = true;
        logger.LogWarning("Run {RunId} rejected: {Reason}", saga.CorrelationId, reason);
        await context.Publish(new RunRejected(saga.CorrelationId, [reason])).ConfigureAwait(false);
    }

    /// <summary>Continues a stored run in a new saga instance (after a restart, or <c>platform resume</c>).</summary>
    public async Task ResumeAsync(BehaviorContext<RunState, ResumeRun> context)
    {
        if (context.Message.Secrets is { Count: > 0 } given)
        {
            secrets.Set(context.Saga.CorrelationId, given);
        }

        await ContinueAsync(context, context.Message.ExecutorsLost).ConfigureAwait(false);
    }

    /// <summary>
    /// A step result or timer for a run this Coordinator has no instance of (it restarted): rebuild the
    /// run from the store first, then apply the message, so no result is lost.
    /// </summary>
    public async Task AdoptAsync<T>(BehaviorContext<RunState, T> context)
        where T : class
    {
        await ContinueAsync(context, executorsLost: false).ConfigureAwait(false);
        if (context.Saga.Status == RunStatus.Running && context.Saga.FinishedAt is null)
        {
            await HandleAsync(context).ConfigureAwait(false);
        }
    }

    private async Task ContinueAsync(BehaviorContext<RunState> context, bool executorsLost = false)
    {
        var saga = context.Saga;
        var stored = await store.GetRunAsync(saga.CorrelationId, context.CancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            saga.Rejected = true;
            await context.Publish(new RunRejected(saga.CorrelationId, [$"error: run {saga.CorrelationId} is not in the run store"])).ConfigureAwait(false);
            return;
        }

        saga.PipelineYaml = stored.PipelineYaml;
        saga.PipelineFile = stored.PipelineFile;
        saga.PipelineId = stored.PipelineId;
        saga.Inputs = new Dictionary<string, string>(stored.Inputs);
        saga.Name = stored.Name;
        saga.SubmittedAt = stored.SubmittedAt;
        saga.Status = RunStatus.Running;
        var state = await engines.GetAsync(saga, t => timers.Schedule(saga.CorrelationId, t.Key, t.DueAt), context.CancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            saga.Rejected = true;
            await context.Publish(new RunRejected(saga.CorrelationId, [$"error: the stored pipeline of run {saga.CorrelationId} no longer loads"])).ConfigureAwait(false);
            return;
        }

        if (!state.IsFinished && SecretBinder.Missing(state.Plan.Pipeline, secrets.Get(saga.CorrelationId)).ToList() is { Count: > 0 } missing)
        {
            // Secrets were never stored: a run continued in a new process needs them given again.
            saga.Rejected = true;
            logger.LogWarning("Run {RunId} cannot continue: {Errors}", saga.CorrelationId, string.Join("; ", missing));
            await context.Publish(new RunRejected(saga.CorrelationId,
                [.. missing.Select(m => $"error: run {saga.CorrelationId} cannot continue: {m} (secrets are never stored; give them again to resume)")])).ConfigureAwait(false);
            return;
        }

        await context.Publish(new RunStarted(saga.CorrelationId, stored.PipelineId, state.StartedAt ?? stored.SubmittedAt)).ConfigureAwait(false);
        if (state.EventCount == 0)
        {
            // Stored but never begun (its submitter crashed, or is beginning it right now on another
            // Coordinator: then the append of event 0 conflicts and the retry finds it begun).
            var (inputs, _) = InputBinder.Bind(state.Plan.Pipeline, saga.Inputs);
            await ApplyAsync(context, state, [new RunBegan(time.GetUtcNow(), inputs, Name: saga.Name)]).ConfigureAwait(false);
            return;
        }

        if (state.IsFinished)
        {
            await FinishAsync(context, state, state.Status).ConfigureAwait(false);
            return;
        }

        logger.LogInformation("Run {RunId} resumed from {Events} stored events", saga.CorrelationId, state.EventCount);
        LeaseRunningAttempts(saga.CorrelationId, state);
        // Executors that are still there report what they hold: give attempts not yet told started time to.
        var grace = executorsLost ? (TimeSpan?)null : options.Value.RecoveryStartGrace;
        await ApplyAsync(context, state, [new RunResumed(time.GetUtcNow(), executorsLost, grace)]).ConfigureAwait(false);
    }

    public async Task HandleAsync<T>(BehaviorContext<RunState, T> context)
        where T : class
    {
        var events = MessageMapper.ToEvents(context.Message, time.GetUtcNow());
        if (events.Count == 0)
        {
            return;
        }

        var runId = context.Saga.CorrelationId;
        var again = context.ReceiveContext.Redelivered || (context.GetRetryAttempt() > 0 && context.MessageId is { } id && _applied.ContainsKey(id));
        if (again)
        {
            // A message handled before may have been applied and stored without its decisions ever
            // leaving (the broker went away before the outbox delivered them; the engine would now take
            // it as a duplicate and decide nothing). Rebuild from the store and re-drive the run first:
            // attempts not yet started get a grace to report, then run again; an ended run says so again.
            // (A retry after a conflict stored nothing: it simply applies the message again.)
            engines.Remove(runId);
        }

        var state = await engines.GetAsync(context.Saga, t => timers.Schedule(runId, t.Key, t.DueAt), context.CancellationToken)
            .ConfigureAwait(false);
        if (state is null)
        {
            logger.LogError("Run {RunId}: its pipeline no longer loads; {Message} dropped", runId, context.Message);
            return;
        }

        if (again)
        {
            if (state.IsFinished)
            {
                await FinishAsync(context, state, state.Status).ConfigureAwait(false);
                return;
            }

            LeaseRunningAttempts(runId, state);
            events = [new RunResumed(time.GetUtcNow(), ExecutorsLost: false, options.Value.RecoveryStartGrace), .. events];
        }
        else if (context.Message is AttemptLeaseExpired lost && !IsOpen(state, lost.StepId, lost.Attempt))
        {
            return; // it ended or moved on meanwhile: nothing to store
        }
        else if (context.Message is ApproveStep approve && ApprovalCheck.Refusal(state, approve.StepId, approve.By) is { } refusal)
        {
            await AnswerApprovalAsync(context, approve, refusal).ConfigureAwait(false);
            return; // refused decisions are not stored: they change nothing
        }

        await ApplyAsync(context, state, events, MessageMapper.LogTails(context.Message)).ConfigureAwait(false);
        if (context.Message is ApproveStep applied)
        {
            await AnswerApprovalAsync(context, applied, null).ConfigureAwait(false);
        }
    }

    /// <summary>A decision for a run that ended (or that this Coordinator could not adopt) is refused.</summary>
    public Task RefuseApprovalAsync(BehaviorContext<RunState, ApproveStep> context) =>
        AnswerApprovalAsync(context, context.Message, context.Saga.Rejected
            ? $"run {context.Saga.CorrelationId} is not a run this Coordinator can continue"
            : $"run {context.Saga.CorrelationId} is already {context.Saga.Status.ToWire()}");

    private async Task AnswerApprovalAsync(BehaviorContext<RunState> context, ApproveStep approve, string? refusal)
    {
        var verb = approve.Approve ? "approved" : "rejected";
        if (refusal is not null)
        {
            logger.LogInformation("Run {RunId}: {By} {Verb} step {StepId}: ignored, {Refusal}", approve.RunId, approve.By, verb, approve.StepId, refusal);
        }
        else
        {
            logger.LogInformation("Run {RunId}: step {StepId} {Verb} by {By}", approve.RunId, approve.StepId, verb, approve.By);
        }

        await context.Publish(new ApprovalAnswered(approve.RunId, approve.StepId, refusal is null,
            refusal ?? $"step {approve.StepId} {verb} by {approve.By}")).ConfigureAwait(false);
    }

    /// <summary>Messages whose events this process stored (bounded): a retry of one of them must re-drive its run.</summary>
    private void RememberApplied(Guid? messageId)
    {
        if (messageId is not { } id || !_applied.TryAdd(id, 0))
        {
            return;
        }

        _appliedOrder.Enqueue(id);
        while (_appliedOrder.Count > AppliedMemory && _appliedOrder.TryDequeue(out var old))
        {
            _applied.TryRemove(old, out _);
        }
    }

    private static bool IsOpen(EngineState state, string stepId, int attempt) =>
        state.Report().Steps.Any(s => s.Id == stepId && s.Attempts == attempt && !s.Status.IsTerminal());

    /// <summary>Attempts an executor reported started are leased from now: if none vouches for them, they are lost.</summary>
    private void LeaseRunningAttempts(Guid runId, EngineState state)
    {
        foreach (var step in state.Report().Steps.Where(s => s.Status == StepStatus.Running && s.Attempts > 0))
        {
            leases.Renew(new AttemptRef(runId, step.Id, step.Attempts));
        }
    }

    private async Task ApplyAsync(BehaviorContext<RunState> context, EngineState state, IReadOnlyList<RunEvent> events, IReadOnlyDictionary<string, string?>? logTails = null)
    {
        var saga = context.Saga;
        var runId = saga.CorrelationId;
        using var activity = CoordinatorTelemetry.ActivitySource.StartActivity("run.decide");
        activity?.SetTag("run.id", runId.ToString());
        activity?.SetTag("run.event", events[^1].GetType().Name);

        // Written before they are applied: whatever the engine then decides can be decided again by replay.
        if (!await store.AppendEventsAsync(runId, state.EventCount, events, context.CancellationToken).ConfigureAwait(false))
        {
            // Another Coordinator wrote this event number first: our copy is stale. Drop it; the retry
            // filter re-reads the run from the store and applies the message again.
            engines.Remove(runId);
            throw new ConcurrencyException($"run {runId} moved on elsewhere (event {state.EventCount} taken)", typeof(RunState), runId);
        }

        RememberApplied(context.MessageId);

        // The replica that moves a run holds it: its timers are armed here.
        await ownership.HoldAsync(runId, context.CancellationToken).ConfigureAwait(false);

        var decided = 0;
        var statusBefore = state.Status;
        foreach (var e in events)
        {
            Lease(runId, e);
            var decisions = Scheduler.Decide(state, e);
            decided += decisions.Count;
            foreach (var decision in decisions)
            {
                switch (decision)
                {
                    case StartAttempt start:
                        var execute = MessageMapper.ToExecuteStep(runId, start, secrets.Get(runId));
                        if (inProcess?.Post(execute) != true)
                        {
                            await PublishSignedAsync(context, execute).ConfigureAwait(false);
                        }

                        break;
                    case CancelAttempt cancel:
                        logger.LogInformation("Run {RunId}: cancelling attempt {Attempt} of step {StepId}: {Reason}", runId, cancel.Attempt, cancel.StepId, cancel.Reason);
                        await PublishSignedAsync(context, new CancelStep(runId, cancel.StepId, cancel.Attempt, cancel.Reason)).ConfigureAwait(false);
                        break;
                    case ScheduleTimer timer:
                        timers.Schedule(runId, timer.Key, timer.DueAt);
                        break;
                    case AcquireLocks acquire:
                        await locks.AcquireAsync(runId, acquire, context.ReceiveContext.ReceiveCompleted, context.CancellationToken).ConfigureAwait(false);
                        break;
                    case MergeLayers merge:
                        await PublishSignedAsync(context, MessageMapper.ToMergeCommand(runId, merge)).ConfigureAwait(false);
                        break;
                    case ReleaseLocks release:
                        await locks.ReleaseAsync(runId, release.NodeId, context.CancellationToken).ConfigureAwait(false);
                        break;
                    case Pipelines.Engine.StepStatusChanged { Status: StepStatus.Queued or StepStatus.Pending }:
                        break; // not worth showing: followers see starts and ends
                    case Pipelines.Engine.StepStatusChanged changed:
                        progress.Add(runId, new StepStatusChange(changed.StepId, changed.Status.ToWire(), changed.Attempt, e.At, changed.Reason,
                            changed.Status.IsTerminal() ? logTails?.GetValueOrDefault(changed.StepId) : null,
                            changed.Status.IsTerminal() ? MessageMapper.ResourcesOf(e, changed.StepId) : null));
                        break;
                    case FinishRun finish:
                        activity?.SetTag("run.status", finish.Status.ToWire());
                        await FinishAsync(context, state, finish.Status).ConfigureAwait(false);
                        break;
                    default:
                        throw new InvalidOperationException($"a decision the Coordinator does not know: {decision.GetType().Name}");
                }
            }
        }

        if (state.Plan.Pipeline.Runs is not null && state.Status != statusBefore && state.Status is RunStatus.Queued or RunStatus.Running && !state.IsFinished)
        {
            // A run waiting for its concurrency group (runs:) is "queued" in the store until admitted.
            await store.UpdateStatusAsync(runId, state.Status, null, context.CancellationToken).ConfigureAwait(false);
        }

        activity?.SetTag("run.decisions", decided);
    }

    /// <summary>Commands to Executors carry the Coordinator's signature: Executors run nothing else.</summary>
    public Task PublishSignedAsync<T>(BehaviorContext<RunState> context, T command)
        where T : class =>
        context.Publish(command, publish => publish.Headers.Set(CommandSigningKey.Header, signingKey.Sign(command)));

    private async Task FinishAsync(BehaviorContext<RunState> context, EngineState state, RunStatus status)
    {
        var saga = context.Saga;
        saga.Status = status;
        saga.FinishedAt = state.FinishedAt ?? time.GetUtcNow();
        logger.LogInformation("Run {RunId} {Status}", saga.CorrelationId, saga.Status.ToWire());
        await store.UpdateStatusAsync(saga.CorrelationId, saga.Status, saga.FinishedAt, context.CancellationToken).ConfigureAwait(false);
        await locks.ReleaseRunAsync(saga.CorrelationId, context.CancellationToken).ConfigureAwait(false);
        foreach (var piece in ProgressPieces.Of(saga.CorrelationId, progress.Take(saga.CorrelationId)))
        {
            await context.Publish(piece).ConfigureAwait(false);
        }

        var (pages, finished) = MessageMapper.ToRunFinished(saga.CorrelationId, state.Report(), state.Plan.Pipeline, saga.SubmittedAt);
        foreach (var page in pages)
        {
            await context.Publish(page).ConfigureAwait(false);
        }

        await context.Publish(finished).ConfigureAwait(false);
        engines.Remove(saga.CorrelationId);
        secrets.Forget(saga.CorrelationId);
        leases.DropRun(saga.CorrelationId);
        ownership.Forget(saga.CorrelationId);
    }

    /// <summary>A started attempt is leased; an ended or lost one no longer is.</summary>
    private void Lease(Guid runId, RunEvent e)
    {
        if (e is AttemptStarted started)
        {
            leases.Renew(new AttemptRef(runId, started.StepId, started.Attempt));
        }
        else if (Ended(e) is { } ended)
        {
            leases.Drop(new AttemptRef(runId, ended.StepId, ended.Attempt));
        }
    }

    private static (string StepId, int Attempt)? Ended(RunEvent e) => e switch
    {
        AttemptSucceeded x => (x.StepId, x.Attempt),
        AttemptFailed x => (x.StepId, x.Attempt),
        AttemptTimedOut x => (x.StepId, x.Attempt),
        AttemptCancelled x => (x.StepId, x.Attempt),
        AttemptLost x => (x.StepId, x.Attempt),
        _ => null,
    };
}
