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
/// Takes one step attempt: starts it (in a task of its own, see <see cref="AttemptExecutions"/>) and
/// holds the message only until the attempt is told started (StepStarted) or, for a short one, until
/// its result is published. Then the message is acknowledged and the attempt goes on by itself: a
/// broker restart neither kills it nor hands it to another executor, and its result waits for the
/// broker. From then on the executor's heartbeats vouch for it; if the executor dies, the
/// Coordinator's lease on the attempt runs out and the step runs again as a new attempt.
/// Before the start is told, a lost connection kills the attempt (it barely began) and the broker
/// hands the message to an executor again.
/// </summary>
public sealed class ExecuteStepConsumer(
    AttemptExecutions executions,
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

        if (executions.EndedHere(key))
        {
            // Redelivered after a broker restart: it ran here and its result is (or will be) published.
            logger.LogInformation("Attempt {Attempt} of step {StepId} already ran here; redelivery ignored", step.Attempt, step.StepId);
            return;
        }

        var (attempt, cancelledReason) = await executions.TakeAsync(key, context.CancellationToken).ConfigureAwait(false);
        if (attempt is null)
        {
            if (cancelledReason is null)
            {
                // Delivered twice while the first copy still runs here: that copy will report.
                logger.LogWarning("Attempt {Attempt} of step {StepId} is already running here; duplicate ignored", step.Attempt, step.StepId);
                return;
            }

            logger.LogInformation("Attempt {Attempt} of step {StepId} was cancelled before it started: {Reason}", step.Attempt, step.StepId, cancelledReason);
            await context.Publish(executions.CancelledBeforeStart(step, cancelledReason));
            return;
        }

        var activity = ExecutorTelemetry.StartAttempt(step, settings.InstanceId);
        if (context.SentTime is { } sent)
        {
            // Queue time: from the Coordinator's dispatch to this start (waiting in the queue and for a slot).
            activity?.SetTag("step.queued_ms", Math.Round(Math.Max(0, (time.GetUtcNow().UtcDateTime - sent).TotalMilliseconds), 3));
        }

        // Each attempt's start is in the run's events and its trace; a log line per step at Information cost the
        // chain over RabbitMQ about a sixth of its hand-over. A redelivery is worth an operator's eye.
        var redelivered = context.ReceiveContext.Redelivered;
        logger.Log(redelivered ? LogLevel.Information : LogLevel.Debug, "Starting attempt {Attempt} of step {StepId}{Redelivered}", step.Attempt, step.StepId,
            redelivered ? " (redelivered)" : "");
        var execution = executions.Start(step, attempt, activity);
        if (execution is null)
        {
            // Stopping: back to the shared queue for another executor. (A fault would send the message
            // to the error queue, and the bus only cancels consumers once its stop timeout has passed.)
            logger.LogInformation("Executor stopping: attempt {Attempt} of step {StepId} goes back to the queue", step.Attempt, step.StepId);
            await context.Send(context.ReceiveContext.InputAddress, step).ConfigureAwait(false);
            return;
        }

        // Until the start is told, the attempt is this message's: a lost connection (the token fires when
        // the receive transport stops) kills it, unreported, and the broker redelivers the message.
        using (context.CancellationToken.Register(() => execution.GiveUp("the broker connection was lost before its start was told")))
        {
            bool told;
            try
            {
                told = await TellStartOnceItRunsAsync(context, execution, settings, time).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
            {
                // The start could not be told, but the connection stands: the attempt goes on, its heartbeats
                // vouch for it and its result carries its start. (Faulting would park the message in the
                // error queue: a step nobody runs.)
                logger.LogWarning("StepStarted of attempt {Attempt} of step {StepId} not published ({Error}); the attempt goes on",
                    step.Attempt, step.StepId, e.Message);
                return;
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                // The connection went: given back (above), and the broker redelivers the message.
                await execution.Reported.ConfigureAwait(false);
                throw;
            }

            if (told)
            {
                return; // acknowledged now; the attempt goes on and reports by itself
            }

            // A short attempt: acknowledged once its result is out (or, if the broker went away, handed back).
            await Task.WhenAny(execution.Reported, Task.Delay(Timeout.Infinite, context.CancellationToken)).ConfigureAwait(false);
        }

        if (execution.UnreportedReason is not null || !execution.Reported.IsCompleted)
        {
            throw new OperationCanceledException("the broker connection was lost before the attempt was reported", context.CancellationToken);
        }
    }

    /// <summary>
    /// Publishes StepStarted once the attempt has run for <see cref="ExecutorOptions.StartReportDelay"/>;
    /// false if it ended first (its result alone tells its start, as every result carries it).
    /// </summary>
    private static async Task<bool> TellStartOnceItRunsAsync(ConsumeContext<ExecuteStep> context, AttemptExecution execution,
        ExecutorOptions settings, TimeProvider time)
    {
        if (!await execution.RunsLongerThanAsync(settings.StartReportDelay, time).ConfigureAwait(false))
        {
            return false;
        }

        var step = context.Message;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(settings.PublishTimeout);
        await context.Publish(new StepStarted(step.RunId, step.StepId, step.Attempt, execution.StartedAt, settings.InstanceId,
            new Uri($"queue:{settings.CancelEndpointName}")), timeout.Token).WaitAsync(settings.PublishTimeout, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
