using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Executor.Cancellation;
using Platform.Executor.Telemetry;
using Platform.ServiceDefaults.InProcess;

namespace Platform.Executor.Running;

/// <summary>
/// ExecuteSteps given by the Coordinator of this process (<see cref="InProcessMailbox{T}"/>): no
/// serialisation, signature or queue, as no other process can reach them. Taken in order, one slot
/// each, exactly as <c>ExecuteStepConsumer</c> takes the bus's: a duplicate or an attempt cancelled
/// before it starts is answered the same way, the attempt runs in <see cref="AttemptExecutions"/> and
/// its result goes on the bus through the <see cref="AttemptResultReporter"/>. An attempt still running
/// after <see cref="ExecutorOptions.StartReportDelay"/> is told started on the bus.
/// </summary>
public sealed class InProcessSteps(
    AttemptExecutions executions,
    AttemptResultReporter reporter,
    LateBus bus,
    IOptions<ExecutorOptions> options,
    TimeProvider time,
    InProcessMailbox<ExecuteStep> mailbox,
    ILogger<InProcessSteps> logger) : BackgroundService
{
    private int _started;

    /// <summary>
    /// Starts taking steps, once: the embedded CLI starts it before its host (while the host builds the bus,
    /// the run's first steps already run), and the host's own start is then a no-op.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _started, 1) == 0 ? base.StartAsync(cancellationToken) : Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var given in mailbox.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await TakeAsync(given, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The process is stopping: what was not taken yet is given back below.
        }
        catch (Exception e)
        {
            // Never silently: from now on the Coordinator sends its ExecuteSteps on the bus, where the consumer takes them.
            logger.LogError(e, "Taking steps in process failed; ExecuteSteps go over the bus from now on");
        }
        finally
        {
            mailbox.Close();
            var left = 0;
            while (mailbox.Reader.TryRead(out _))
            {
                left++;
            }

            if (left > 0)
            {
                // Stored as dispatched but never started: resuming the run starts them again.
                logger.LogInformation("Executor stopping: {Count} attempts handed over in this process were not started", left);
            }
        }
    }

    private async Task TakeAsync(InProcessMailbox<ExecuteStep>.Letter given, CancellationToken stoppingToken)
    {
        var step = given.Command;
        var key = AttemptKey.Of(step);
        if (executions.EndedHere(key))
        {
            return;
        }

        var (attempt, cancelledReason) = await executions.TakeAsync(key, stoppingToken).ConfigureAwait(false);
        if (attempt is null)
        {
            if (cancelledReason is not null)
            {
                logger.LogInformation("Attempt {Attempt} of step {StepId} was cancelled before it started: {Reason}", step.Attempt, step.StepId, cancelledReason);
                _ = reporter.ReportAsync(key, executions.CancelledBeforeStart(step, cancelledReason));
            }

            return;
        }

        var settings = options.Value;
        var activity = ExecutorTelemetry.StartAttempt(step, settings.InstanceId, given.Parent);
        activity?.SetTag("step.queued_ms", Math.Round(Stopwatch.GetElapsedTime(given.PostedAt).TotalMilliseconds, 3));
        logger.LogDebug("Starting attempt {Attempt} of step {StepId}", step.Attempt, step.StepId);
        var execution = executions.Start(step, attempt, activity);
        if (execution is null)
        {
            logger.LogInformation("Executor stopping: attempt {Attempt} of step {StepId} was not started", step.Attempt, step.StepId);
            return;
        }

        if (settings.StartReportDelay <= TimeSpan.Zero || !execution.Running.IsCompleted)
        {
            _ = TellStartOnceItRunsAsync(execution, settings);
        }
    }

    /// <summary>As the consumer does: StepStarted once the attempt has run a while (a short one is known by its result alone, which carries its start as every result does).</summary>
    private async Task TellStartOnceItRunsAsync(AttemptExecution execution, ExecutorOptions settings)
    {
        if (!await execution.RunsLongerThanAsync(settings.StartReportDelay, time).ConfigureAwait(false))
        {
            return;
        }

        var step = execution.Step;
        try
        {
            await bus.Bus.Publish(new StepStarted(step.RunId, step.StepId, step.Attempt, execution.StartedAt, settings.InstanceId,
                new Uri($"queue:{settings.CancelEndpointName}"))).WaitAsync(settings.PublishTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The attempt goes on: its result carries its start.
            logger.LogWarning("StepStarted of attempt {Attempt} of step {StepId} not published ({Error}); the attempt goes on", step.Attempt, step.StepId, e.Message);
        }
    }
}
