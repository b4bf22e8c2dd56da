using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Ownership;
using Platform.Storage;
using Platform.ServiceDefaults;

namespace Platform.Coordinator.Running;

/// <summary>
/// Takes over runs nobody drives: at start, and every third of <see cref="CoordinatorOptions.RunLease"/>,
/// this replica renews its own claims and claims the runs whose owner is gone (a replica that died, or
/// stopped and gave them up), then asks the saga to resume each. A starting replica thus takes only
/// runs whose owner is gone, never one another live replica is driving. A store that keeps no claims
/// (one Coordinator only) gets the old behaviour: every unfinished run is resumed once, at start.
/// </summary>
public sealed class RunRecovery(IBusControl bus, IRunStore store, RunOwnership ownership, IOptions<CoordinatorOptions> options, ILogger<RunRecovery> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recover = options.Value.RecoverOnStart;
        if (!recover && !ownership.Enabled)
        {
            return;
        }

        if (!await BusReadyAsync(stoppingToken).ConfigureAwait(false))
        {
            return; // stopping before the bus ever was: nothing to take over
        }

        if (!ownership.Enabled)
        {
            foreach (var run in await store.UnfinishedRunsAsync(stoppingToken).ConfigureAwait(false))
            {
                await ResumeAsync(run.RunId, stoppingToken).ConfigureAwait(false);
            }

            return;
        }

        using var timer = new PeriodicTimer(options.Value.RunLease / 3);
        using var ticksEnd = timer.StopOn(stoppingToken);
        try
        {
            do
            {
                try
                {
                    // Renewed even where nothing is recovered (the embedded CLI): other processes tell a
                    // live run from an interrupted one by its claim.
                    await ownership.RenewAsync(stoppingToken).ConfigureAwait(false);
                    if (!recover)
                    {
                        continue;
                    }

                    foreach (var runId in await ownership.ClaimOrphansAsync(stoppingToken).ConfigureAwait(false))
                    {
                        await ResumeAsync(runId, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store or the broker is away for a moment: look again at the next tick.
                    logger.LogWarning(e, "Could not renew or take over runs; trying again");
                }
            }
            while (await timer.WaitForNextTickAsync().ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Waits for the bus to be healthy (at most five minutes, then goes on), or false when the host stops first.
    /// MassTransit's own WaitForHealthStatus takes no token: a host stopped meanwhile (an embedded run of one
    /// quick step can end before its bus reports healthy) then waited out its whole shutdown timeout, 30 s.
    /// </summary>
    private async Task<bool> BusReadyAsync(CancellationToken stoppingToken)
    {
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        try
        {
            while (bus.CheckHealth().Status != BusHealthStatus.Healthy && DateTime.UtcNow < giveUpAt)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await ownership.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ResumeAsync(Guid runId, CancellationToken cancellationToken)
    {
        logger.LogInformation("Taking over run {RunId}: no live Coordinator holds it", runId);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        await bus.Publish(new ResumeRun(runId), bounded.Token).ConfigureAwait(false);
    }
}
