using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Coordinator.Telemetry;
using Platform.Pipelines.Engine;

namespace Platform.Coordinator.Timers;

/// <summary>
/// The Coordinator's own timer wheel: RabbitMQ here has no delayed-message plugin and MassTransit's
/// schedulers need one (or Quartz). A due timer is published as <see cref="RunTimerDue"/> to the
/// run's saga, inside the trace of the message that scheduled it. Timers are derived from engine
/// state, so a restarted Coordinator gets them back by replaying its runs.
/// </summary>
public sealed class RunTimers(IServiceProvider services, TimeProvider time, ILogger<RunTimers> logger) : BackgroundService
{
    private readonly PriorityQueue<PendingTimer, DateTimeOffset> _queue = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Lock _lock = new();

    public void Schedule(Guid runId, TimerKey key, DateTimeOffset dueAt)
    {
        lock (_lock)
        {
            _queue.Enqueue(new PendingTimer(runId, key, dueAt, Activity.Current?.Context ?? default), dueAt);
        }

        _changed.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            PendingTimer? due = null;
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            lock (_lock)
            {
                if (_queue.TryPeek(out var next, out var at))
                {
                    var left = at - time.GetUtcNow();
                    if (left <= TimeSpan.Zero)
                    {
                        due = _queue.Dequeue();
                    }
                    else
                    {
                        wait = left;
                    }
                }
            }

            if (due is null)
            {
                try
                {
                    await _changed.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await FireAsync(due, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task FireAsync(PendingTimer timer, CancellationToken stoppingToken)
    {
        using var activity = CoordinatorTelemetry.ActivitySource.StartActivity("run.timer", ActivityKind.Internal, timer.Parent);
        activity?.SetTag("run.id", timer.RunId.ToString());
        activity?.SetTag("timer", timer.Key.ToString());
        try
        {
            var bus = services.GetRequiredService<IBus>();
            // Bounded: a publish waiting on a dead connection must not hold every later timer back.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            bounded.CancelAfter(TimeSpan.FromSeconds(10));
            await bus.Publish(new RunTimerDue(timer.RunId, timer.Key.Kind.ToString(), timer.Key.NodeId, timer.Key.Attempt, timer.DueAt), bounded.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The broker may be down for a moment: try again shortly rather than lose a deadline.
            logger.LogWarning(e, "Could not fire timer {Timer} of run {RunId}; retrying in 1s", timer.Key, timer.RunId);
            Schedule(timer.RunId, timer.Key, time.GetUtcNow().AddSeconds(1));
        }
    }

    private sealed record PendingTimer(Guid RunId, TimerKey Key, DateTimeOffset DueAt, ActivityContext Parent);
}
