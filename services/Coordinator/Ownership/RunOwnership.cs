using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Coordinator.Running;
using Platform.Storage;

namespace Platform.Coordinator.Ownership;

/// <summary>
/// This replica's claims on runs (see <see cref="IRunClaims"/>): the replica that last moved a run
/// holds it (its timers are armed here), renews all its claims in one write, and gives them up when it
/// stops. Without a store that keeps claims (a test double) every call is a no-op.
/// </summary>
public sealed class RunOwnership(IRunStore store, IOptions<CoordinatorOptions> options, TimeProvider time, ILogger<RunOwnership> logger)
{
    private readonly IRunClaims? _claims = store as IRunClaims;
    private readonly ConcurrentDictionary<Guid, byte> _held = new();

    /// <summary>This replica's name in the store.</summary>
    public string Owner { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    public bool Enabled => _claims is not null;

    private DateTimeOffset Until => time.GetUtcNow() + options.Value.RunLease;

    /// <summary>This replica moved the run: it holds it (one write the first time, none after).</summary>
    public async Task HoldAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (_claims is not null && _held.TryAdd(runId, 0))
        {
            await _claims.ClaimAsync(runId, Owner, Until, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The run ended: nothing to hold any more.</summary>
    public void Forget(Guid runId) => _held.TryRemove(runId, out _);

    public Task RenewAsync(CancellationToken cancellationToken) =>
        _claims?.RenewAsync(Owner, Until, cancellationToken) ?? Task.CompletedTask;

    /// <summary>Claims the runs whose owner is gone (or that never had one) and returns them, to be resumed here.</summary>
    public async Task<IReadOnlyList<Guid>> ClaimOrphansAsync(CancellationToken cancellationToken)
    {
        if (_claims is null)
        {
            return [];
        }

        var won = await _claims.ClaimOrphansAsync(Owner, time.GetUtcNow(), Until, cancellationToken).ConfigureAwait(false);
        foreach (var runId in won)
        {
            _held.TryAdd(runId, 0);
        }

        return won;
    }

    /// <summary>
    /// Stopping: the other replicas may take this one's runs at once. Best effort, and bounded on its own:
    /// a stop whose time is already up still tries for a moment, and a release that fails or is cut short
    /// never fails the stop (the others take the runs when the lease ends). A cancellation thrown out of
    /// here made a CLI whose run had succeeded exit 1 as its host stopped.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_claims is null)
        {
            return;
        }

        using var bounded = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await _claims.ReleaseAsync(Owner, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not release this replica's runs ({Error}); the others take them when the lease ends{Stopping}", e.Message,
                cancellationToken.IsCancellationRequested ? " (the stop's time was up)" : "");
        }
    }

    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(2);
}
