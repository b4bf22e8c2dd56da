using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Running;

namespace Platform.Coordinator.Progress;

/// <summary>
/// Live progress, gathered: the step status changes the engine decides are kept per run and
/// published as one <see cref="RunProgressed"/> per run every <see cref="CoordinatorOptions.ProgressInterval"/>,
/// so a 1,000-step fan-out costs a handful of messages instead of two per step. A run's last
/// changes go out with its end (<see cref="Take"/>), before RunFinished.
/// </summary>
public sealed class RunProgressBuffer(IServiceProvider services, IOptions<CoordinatorOptions> options, ILogger<RunProgressBuffer> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private Dictionary<Guid, List<StepStatusChange>> _pending = [];

    public void Add(Guid runId, StepStatusChange change)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(runId, out var changes))
            {
                _pending[runId] = changes = [];
            }

            changes.Add(change);
        }
    }

    /// <summary>The run's changes not published yet, removed from the buffer.</summary>
    public IReadOnlyList<StepStatusChange> Take(Guid runId)
    {
        lock (_lock)
        {
            return _pending.Remove(runId, out var changes) ? changes : [];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
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
        Dictionary<Guid, List<StepStatusChange>> batch;
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
        foreach (var (runId, changes) in batch)
        {
            try
            {
                await bus.Publish(new RunProgressed(runId, changes), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The broker may be away for a moment; progress is advisory, the run goes on.
                logger.LogWarning(e, "Could not publish progress of run {RunId}", runId);
            }
        }
    }
}
