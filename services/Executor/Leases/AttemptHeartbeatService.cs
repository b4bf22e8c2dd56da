using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Executor.Cancellation;
using Platform.Executor.Running;
using Platform.ServiceDefaults;

namespace Platform.Executor.Leases;

/// <summary>
/// Vouches for the attempts this executor holds: every <see cref="ExecutorOptions.HeartbeatInterval"/>,
/// one <see cref="AttemptsHeartbeat"/> naming all of them (none, when idle) (running, or ended with the result still
/// waiting for the broker). On shutdown the attempts still running are killed and named as
/// abandoned, so the Coordinator runs them again at once instead of waiting for their leases, and
/// the stop waits until every attempt being killed has ended.
/// </summary>
public sealed class AttemptHeartbeatService(
    IBus bus,
    AttemptExecutions executions,
    AttemptResultReporter reporter,
    IServiceProvider services,
    IOptions<ExecutorOptions> options,
    TimeProvider time,
    ILogger<AttemptHeartbeatService> logger) : BackgroundService
{
    private static readonly TimeSpan AbandonTimeout = TimeSpan.FromSeconds(5);

    // After SIGKILL: the group's end (2 s at most) and its output drained (2 s at most), as ShellStepRunner waits.
    private static readonly TimeSpan KillEndWait = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Before the bus stops (hosted services stop after ApplicationStopping): tell what is given back.
        // (A bare container, as a test harness's, has no lifetime: nothing is given back there.)
        using var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(GiveUpRunningAttempts);
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.HeartbeatInterval, time);
        using var ticksEnd = timer.StopOn(stoppingToken);
        try
        {
            while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
            {
                // Sent even when nothing is held: hearing executors tells a Coordinator its own connection works.
                var held = executions.Running.Concat(reporter.Unreported).Distinct().Select(ToRef).ToList();
                await PublishAsync(new AttemptsHeartbeat(settings.InstanceId, time.GetUtcNow(), held, []), settings.HeartbeatInterval, stoppingToken)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// After the heartbeats: waits until the attempts killed here have ended (those given back on stopping and
    /// those cancelled just before, such as a race's losers), bounded by the kill's own grace and waits.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var bound = options.Value.KillGracePeriod + KillEndWait;
        if (!await executions.KilledEndedAsync(bound, cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Executor stopping: attempts being killed had not ended after {Bound}; the guardian kills what is left", bound);
        }
    }

    private void GiveUpRunningAttempts()
    {
        var given = executions.GiveUpAll("the executor is stopping");
        if (given.Count == 0)
        {
            return;
        }

        logger.LogWarning("Executor stopping: {Count} running attempts killed and given back", given.Count);
        PublishAsync(new AttemptsHeartbeat(options.Value.InstanceId, time.GetUtcNow(), [], [.. given.Select(ToRef)]), AbandonTimeout, CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    private async Task PublishAsync(AttemptsHeartbeat heartbeat, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await bus.Publish(heartbeat, bounded.Token).WaitAsync(timeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The broker is away: the next beat says the same. The Coordinators do not count an outage against leases.
            logger.LogDebug("Heartbeat not published: {Error}", e.Message);
        }
    }

    private static AttemptRef ToRef(AttemptKey key) => new(key.RunId, key.StepId, key.Attempt);
}
