using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Running;
using Platform.ServiceDefaults;

namespace Platform.Coordinator.Leases;

/// <summary>
/// A lease on every attempt an executor took: renewed by its StepStarted and by each heartbeat that
/// names it, dropped by its result. An attempt without a renewal for <see cref="CoordinatorOptions.AttemptLease"/>
/// is lost: <see cref="AttemptLeaseExpired"/> goes to its run, which runs the step again as a new
/// attempt. Time during which this Coordinator itself is cut off does not count (no heartbeat could
/// arrive): a lease runs out only after the Coordinator has been connected, and hearing executors'
/// heartbeats, for a whole lease — so after a broker restart every executor has that long to come back.
/// </summary>
public sealed class AttemptLeases(IServiceProvider services, IOptions<CoordinatorOptions> options, TimeProvider time, ILogger<AttemptLeases> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<AttemptRef, DateTimeOffset> _renewed = new();
    private long _lastHeartbeatTicks;

    /// <summary>How many attempts are under a lease now.</summary>
    public int Count => _renewed.Count;

    public void Renew(AttemptRef attempt) => _renewed[attempt] = time.GetUtcNow();

    /// <summary>An executor's heartbeat arrived: this Coordinator hears the executors.</summary>
    public void HeardHeartbeat() => Interlocked.Exchange(ref _lastHeartbeatTicks, time.GetUtcNow().UtcTicks);

    public void Drop(AttemptRef attempt) => _renewed.TryRemove(attempt, out _);

    /// <summary>The run ended: none of its attempts matter any more.</summary>
    public void DropRun(Guid runId)
    {
        foreach (var attempt in _renewed.Keys.Where(a => a.RunId == runId))
        {
            _renewed.TryRemove(attempt, out _);
        }
    }

    /// <summary>An executor gave <paramref name="attempt"/> back (it is stopping): lost at once.</summary>
    public Task AbandonedAsync(AttemptRef attempt, CancellationToken cancellationToken)
    {
        _renewed.TryRemove(attempt, out _);
        return ExpireAsync(attempt, "its executor stopped and gave it back", cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = options.Value.AttemptLease;
        var bus = services.GetRequiredService<IBusControl>();
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, lease.Ticks / 10)), time);
        using var ticksEnd = timer.StopOn(stoppingToken);
        var connectedSince = time.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
            {
                var now = time.GetUtcNow();
                var heard = new DateTimeOffset(Interlocked.Read(ref _lastHeartbeatTicks), TimeSpan.Zero);
                if (bus.CheckHealth().Status != BusHealthStatus.Healthy || now - heard > lease / 2)
                {
                    connectedSince = now; // cut off, or no executor heard: nobody can vouch for anything
                    continue;
                }

                if (now - connectedSince < lease)
                {
                    continue; // connected again for less than a lease: executors may still be coming back
                }

                foreach (var (attempt, renewed) in _renewed)
                {
                    if (now - renewed >= lease && _renewed.TryRemove(new KeyValuePair<AttemptRef, DateTimeOffset>(attempt, renewed)))
                    {
                        await ExpireAsync(attempt, $"no heartbeat for {lease.TotalSeconds:0.#} s", stoppingToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ExpireAsync(AttemptRef attempt, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Attempt {Attempt} of step {StepId} of run {RunId} is lost: {Reason}", attempt.Attempt, attempt.StepId, attempt.RunId, reason);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await services.GetRequiredService<IBus>().Publish(new AttemptLeaseExpired(attempt.RunId, attempt.StepId, attempt.Attempt, reason), bounded.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not told: look again at the next tick.
            logger.LogWarning("Could not tell run {RunId} that an attempt is lost ({Error}); trying again", attempt.RunId, e.Message);
            _renewed.TryAdd(attempt, time.GetUtcNow() - options.Value.AttemptLease);
        }
    }
}
