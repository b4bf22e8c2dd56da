using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Executor.Cancellation;
using Platform.Executor.Running;
using Platform.Executor.Signing;
using Platform.Executor.Telemetry;

namespace Platform.Executor.Consumers;

/// <summary>
/// Runs one step attempt and publishes StepStarted, then StepSucceeded, StepFailed or StepCancelled.
/// The message is acknowledged only when the attempt is over, so if this process dies the broker
/// hands it to another executor (Redelivered = true), which simply runs the attempt again: the
/// Coordinator ignores a second result for the same attempt.
/// </summary>
public sealed class ExecuteStepConsumer(
    StepAttemptRunner runner,
    AttemptResultReporter reporter,
    AttemptCancellationRegistry registry,
    IOptions<ExecutorOptions> options,
    TimeProvider time,
    CommandGuard guard,
    ILogger<ExecuteStepConsumer> logger) : IConsumer<ExecuteStep>
{
    public async Task Consume(ConsumeContext<ExecuteStep> context)
    {
        if (!await guard.AcceptsAsync(context, ExecutorEndpointNames.ExecuteStep + "_error"))
        {
            return;
        }

        var step = context.Message;
        var key = AttemptKey.Of(step);
        var settings = options.Value;

        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["RunId"] = step.RunId,
            ["StepId"] = step.StepId,
            ["Attempt"] = step.Attempt,
        });
        using var activity = ExecutorTelemetry.ActivitySource.StartActivity("step.attempt");
        activity?.SetTag("run.id", step.RunId.ToString());
        activity?.SetTag("step.id", step.StepId);
        activity?.SetTag("attempt", step.Attempt);
        activity?.SetTag("executor.id", settings.InstanceId);

        using var attempt = registry.TryStart(key, out var cancelledReason);
        if (attempt is null)
        {
            if (cancelledReason is null)
            {
                // Delivered twice while the first copy still runs here: that copy will report.
                logger.LogWarning("Attempt {Attempt} of step {StepId} is already running here; duplicate ignored", step.Attempt, step.StepId);
                return;
            }

            logger.LogInformation("Attempt {Attempt} of step {StepId} was cancelled before it started: {Reason}", step.Attempt, step.StepId, cancelledReason);
            activity?.SetTag("step.outcome", "cancelled");
            await context.Publish(new StepCancelled(step.RunId, step.StepId, step.Attempt, time.GetUtcNow(), $"cancelled before start: {cancelledReason}"));
            return;
        }

        // ConsumeContext.CancellationToken fires only when the bus stops (MassTransit 8 ConsumeContext): then the
        // step is killed and the message goes back to the queue for another executor.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, context.CancellationToken);

        logger.LogInformation("Starting attempt {Attempt} of step {StepId}{Redelivered}", step.Attempt, step.StepId,
            context.ReceiveContext.Redelivered ? " (redelivered)" : "");
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var running = runner.RunAsync(step, cancellation.Token);
        var startTold = await TellStartOnceItRunsAsync(context, running, startedAt, settings);
        var result = await running;
        var elapsed = time.GetElapsedTime(started);

        if (result.Outcome == StepOutcome.Cancelled && !attempt.IsCancelled && context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Executor stopping: attempt {Attempt} of step {StepId} killed and returned to the queue", step.Attempt, step.StepId);
            throw new OperationCanceledException(context.CancellationToken);
        }

        activity?.SetTag("step.outcome", result.Outcome.ToString().ToLowerInvariant());
        if (result.Outcome is not (StepOutcome.Succeeded or StepOutcome.Cancelled))
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        logger.LogInformation("Attempt {Attempt} of step {StepId} ended {Outcome} after {ElapsedMilliseconds} ms (exit code {ExitCode})",
            step.Attempt, step.StepId, result.Outcome, (long)elapsed.TotalMilliseconds, result.ExitCode);

        await reporter.ReportAsync(context, step.RunId, ToMessage(step, result, attempt, time.GetUtcNow(), startTold ? null : startedAt));
    }

    private static object ToMessage(ExecuteStep step, StepResult result, RunningAttempt attempt, DateTimeOffset at, DateTimeOffset? startedAt) => result.Outcome switch
    {
        StepOutcome.Succeeded => new StepSucceeded(step.RunId, step.StepId, step.Attempt, at, result.ExitCode, result.Outputs, result.LogTail, startedAt),
        StepOutcome.Cancelled => new StepCancelled(step.RunId, step.StepId, step.Attempt, at, attempt.CancelReason ?? "cancelled", startedAt),
        _ => new StepFailed(step.RunId, step.StepId, step.Attempt, at, result.ExitCode, result.Error ?? "failed",
            result.Outcome == StepOutcome.TimedOut, result.LogTail, startedAt),
    };

    /// <summary>Publishes StepStarted once the attempt has run for <see cref="ExecutorOptions.StartReportDelay"/>; false if it ended first.</summary>
    private static async Task<bool> TellStartOnceItRunsAsync(ConsumeContext<ExecuteStep> context, Task running, DateTimeOffset startedAt, ExecutorOptions settings)
    {
        if (settings.StartReportDelay > TimeSpan.Zero)
        {
            using var stop = new CancellationTokenSource();
            var delay = Task.Delay(settings.StartReportDelay, stop.Token);
            if (await Task.WhenAny(running, delay) == running)
            {
                await stop.CancelAsync();
                return false;
            }
        }

        var step = context.Message;
        await context.Publish(new StepStarted(step.RunId, step.StepId, step.Attempt, startedAt, settings.InstanceId,
            new Uri($"queue:{settings.CancelEndpointName}")));
        return true;
    }
}
