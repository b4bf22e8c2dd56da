using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Coordinator.Saga;
using Platform.Coordinator.Storage;
using Platform.Coordinator.Telemetry;
using Platform.Coordinator.Timers;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;

namespace Platform.Coordinator.Running;

/// <summary>
/// The thin shell around the engine: a message becomes an engine event; the engine's decisions become
/// messages (ExecuteStep, CancelStep, progress, RunFinished) and timers. Called by the saga, which
/// serialises the messages of one run, so a run's state is never touched by two threads at once.
/// </summary>
public sealed class RunDriver(RunEngines engines, IRunEventLog log, RunTimers timers, TimeProvider time, ILogger<RunDriver> logger)
{
    public async Task SubmitAsync(BehaviorContext<RunState, SubmitRun> context)
    {
        var message = context.Message;
        var saga = context.Saga;
        var now = time.GetUtcNow();
        saga.PipelineYaml = message.PipelineYaml;
        saga.PipelineFile = message.PipelineFile ?? "pipeline.yaml";
        saga.Inputs = new Dictionary<string, string>(message.Inputs);
        saga.SubmittedAt = now;

        var loaded = PipelineLoader.Load(saga.PipelineYaml, saga.PipelineFile);
        var errors = loaded.Errors.Select(e => e.ToString()).ToList();
        IReadOnlyDictionary<string, Pipelines.Expressions.Value> inputs = new Dictionary<string, Pipelines.Expressions.Value>();
        if (loaded.IsValid)
        {
            (inputs, var inputErrors) = InputBinder.Bind(loaded.Pipeline!, saga.Inputs);
            errors.AddRange(inputErrors.Select(e => $"{saga.PipelineFile}: error: {e}"));
        }

        if (errors.Count > 0)
        {
            saga.Status = "rejected";
            logger.LogWarning("Run {RunId} rejected: {Errors}", saga.CorrelationId, string.Join("; ", errors));
            await context.Publish(new RunRejected(saga.CorrelationId, errors)).ConfigureAwait(false);
            return;
        }

        var pipeline = loaded.Pipeline!;
        saga.PipelineId = pipeline.Id;
        saga.Status = "running";
        var state = EngineState.Create(RunPlan.Compile(pipeline), saga.CorrelationId.ToString());
        engines.Add(saga.CorrelationId, state);
        logger.LogInformation("Run {RunId} of pipeline {PipelineId} started with {Steps} steps", saga.CorrelationId, pipeline.Id, state.Plan.StepCount);
        await context.Publish(new RunStarted(saga.CorrelationId, pipeline.Id, now)).ConfigureAwait(false);
        await ApplyAsync(context, state, new RunBegan(now, inputs)).ConfigureAwait(false);
    }

    public async Task HandleAsync<T>(BehaviorContext<RunState, T> context)
        where T : class
    {
        if (MessageMapper.ToEvent(context.Message, time.GetUtcNow()) is not { } e)
        {
            return;
        }

        var state = await engines.GetAsync(context.Saga, t => timers.Schedule(context.Saga.CorrelationId, t.Key, t.DueAt), context.CancellationToken)
            .ConfigureAwait(false);
        if (state is null)
        {
            logger.LogError("Run {RunId}: its pipeline no longer loads; event {Event} dropped", context.Saga.CorrelationId, e);
            return;
        }

        var logTail = context.Message switch
        {
            StepSucceeded m => m.LogTail,
            StepFailed m => m.LogTail,
            _ => null,
        };
        await ApplyAsync(context, state, e, logTail).ConfigureAwait(false);
    }

    private async Task ApplyAsync(BehaviorContext<RunState> context, EngineState state, RunEvent e, string? logTail = null)
    {
        var saga = context.Saga;
        var runId = saga.CorrelationId;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = runId });
        using var activity = CoordinatorTelemetry.ActivitySource.StartActivity("run.decide");
        activity?.SetTag("run.id", runId.ToString());
        activity?.SetTag("run.event", e.GetType().Name);

        await log.AppendAsync(runId, e, context.CancellationToken).ConfigureAwait(false);
        var decisions = Scheduler.Decide(state, e);
        activity?.SetTag("run.decisions", decisions.Count);
        foreach (var decision in decisions)
        {
            switch (decision)
            {
                case StartAttempt start:
                    logger.LogDebug("Dispatching attempt {Attempt} of step {StepId}", start.Attempt, start.StepId);
                    await context.Publish(MessageMapper.ToExecuteStep(runId, start)).ConfigureAwait(false);
                    break;
                case CancelAttempt cancel:
                    logger.LogInformation("Cancelling attempt {Attempt} of step {StepId}: {Reason}", cancel.Attempt, cancel.StepId, cancel.Reason);
                    await context.Publish(new CancelStep(runId, cancel.StepId, cancel.Attempt, cancel.Reason)).ConfigureAwait(false);
                    break;
                case ScheduleTimer timer:
                    timers.Schedule(runId, timer.Key, timer.DueAt);
                    break;
                case Pipelines.Engine.StepStatusChanged changed:
                    await context.Publish(new Contracts.StepStatusChanged(runId, changed.StepId, changed.Status.ToWire(), changed.Attempt, e.At, changed.Reason,
                        changed.Status.IsTerminal() ? logTail : null))
                        .ConfigureAwait(false);
                    break;
                case FinishRun finish:
                    saga.Status = finish.Status.ToWire();
                    saga.FinishedAt = state.FinishedAt ?? e.At;
                    logger.LogInformation("Run {RunId} {Status}", runId, saga.Status);
                    activity?.SetTag("run.status", saga.Status);
                    await context.Publish(MessageMapper.ToRunFinished(runId, state.Report(), state.Plan.Pipeline, saga.SubmittedAt)).ConfigureAwait(false);
                    engines.Remove(runId);
                    break;
            }
        }
    }
}
