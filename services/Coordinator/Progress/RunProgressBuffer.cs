using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Running;
using Platform.Coordinator.Telemetry;
using Platform.ServiceDefaults;

namespace Platform.Coordinator.Progress;

/// <summary>
/// Live progress, gathered: the step status changes the engine decides are kept per run and
/// published per run every <see cref="CoordinatorOptions.ProgressInterval"/>, in <see cref="RunProgressed"/>
/// messages of bounded size (<see cref="ProgressPieces"/>), so a 1,000-step fan-out costs a few dozen messages
/// instead of two per step. A run's last
/// changes go out with its end (<see cref="Take"/>), before RunFinished. Each publish is made inside
/// the trace of the run's message that produced the changes: published from this timer's thread, it
/// would otherwise start a trace of its own.
/// </summary>
public sealed class RunProgressBuffer(IServiceProvider services, IOptions<CoordinatorOptions> options, ILogger<RunProgressBuffer> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private Dictionary<Guid, PendingProgress> _pending = [];

    public void Add(Guid runId, StepStatusChange change)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(runId, out var pending))
            {
                _pending[runId] = pending = new PendingProgress([], Activity.Current?.Context ?? default);
            }

            pending.Changes.Add(change);
        }
    }

    /// <summary>The run's changes not published yet, removed from the buffer.</summary>
    public IReadOnlyList<StepStatusChange> Take(Guid runId)
    {
        lock (_lock)
        {
            return _pending.Remove(runId, out var pending) ? pending.Changes : [];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProgressInterval);
        using var ticksEnd = timer.StopOn(stoppingToken);
        try
        {
            while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still pending is advisory; the run store and RunFinished have it all.
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<Guid, PendingProgress> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = _pending;
            _pending = [];
        }

        var bus = services.GetRequiredService<IBus>();
        foreach (var (runId, pending) in batch)
        {
            using var activity = CoordinatorTelemetry.ActivitySource.StartActivity("run.progress", ActivityKind.Internal, pending.Parent);
            activity?.SetTag("run.id", runId.ToString());
            try
            {
                // Bounded: during a broker outage progress is dropped rather than holding later runs' progress back.
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bounded.CancelAfter(TimeSpan.FromSeconds(5));
                foreach (var piece in ProgressPieces.Of(runId, pending.Changes))
                {
                    await bus.Publish(piece, bounded.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The broker may be away for a moment; progress is advisory, the run goes on.
                logger.LogWarning(e, "Could not publish progress of run {RunId}", runId);
            }
        }
    }

    private sealed record PendingProgress(List<StepStatusChange> Changes, ActivityContext Parent);
}
