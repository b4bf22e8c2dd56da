using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Ownership;
using Platform.Coordinator.Progress;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Locks;
using Platform.Storage;
using Platform.Storage.InMemory;

namespace Platform.Coordinator.Locks;

/// <summary>
/// Carries out the engine's lock decisions against the lock table in the run store
/// (<see cref="IRunLocks"/>): a request is written at once; this process then looks at the table
/// whenever something changes here, and every <see cref="LockOptions.PollInterval"/> while any of its
/// nodes waits (grants made by other processes, leases that ran out), and sends each grant to its run's
/// saga as <see cref="RunLocksGranted"/>. It renews the leases of the rows it drives. Grants are
/// idempotent messages: one that crosses a release is handed straight back by the engine.
/// </summary>
public sealed class RunLocks(
    IRunStore store,
    RunOwnership ownership,
    RunProgressBuffer progress,
    IServiceProvider services,
    IOptions<LockOptions> options,
    TimeProvider time,
    ILogger<RunLocks> logger) : BackgroundService
{
    // A store without a table (a test double) still gets correct locks within this process.
    private readonly IRunLocks _table = store as IRunLocks ?? new InMemoryRunStore();
    private readonly ConcurrentDictionary<(Guid RunId, string NodeId), string> _waiting = new();
    private readonly SemaphoreSlim _changed = new(0);

    private DateTimeOffset LeaseEnd => time.GetUtcNow() + options.Value.Lease;

    /// <summary>The engine asks for locks (or, after a restart, confirms ones it holds).</summary>
    public async Task AcquireAsync(Guid runId, AcquireLocks acquire, CancellationToken cancellationToken)
    {
        if (acquire.Held)
        {
            var rows = await _table.ListLocksAsync(cancellationToken).ConfigureAwait(false);
            if (!rows.Any(r => r.RunId == runId.ToString() && r.NodeId == acquire.NodeId && r.Held))
            {
                logger.LogWarning("Run {RunId}: {NodeId} held locks whose lease ran out while no Coordinator drove the run; stopping it", runId, acquire.NodeId);
                await PublishAsync(new RunLocksLost(runId, acquire.NodeId,
                    $"the lease of {string.Join(", ", acquire.Locks.Select(l => l.Name))} ran out while no Coordinator drove the run"), cancellationToken).ConfigureAwait(false);
                return;
            }

            await _table.RequestAsync(runId, acquire.NodeId, acquire.Locks, ownership.Owner, time.GetUtcNow(), LeaseEnd, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _table.RequestAsync(runId, acquire.NodeId, acquire.Locks, ownership.Owner, time.GetUtcNow(), LeaseEnd, cancellationToken).ConfigureAwait(false);
        _waiting[(runId, acquire.NodeId)] = "";
        _changed.Release();
    }

    public async Task ReleaseAsync(Guid runId, string nodeId, CancellationToken cancellationToken)
    {
        _waiting.TryRemove((runId, nodeId), out _);
        await _table.ReleaseAsync(runId, nodeId, cancellationToken).ConfigureAwait(false);
        _changed.Release();
    }

    /// <summary>The run ended: nothing of it stays in the table, whatever the engine released before.</summary>
    public async Task ReleaseRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        foreach (var key in _waiting.Keys.Where(k => k.RunId == runId))
        {
            _waiting.TryRemove(key, out _);
        }

        await _table.ReleaseRunAsync(runId, cancellationToken).ConfigureAwait(false);
        _changed.Release();
    }

    /// <summary>Every row of the table, for <c>platform locks</c>.</summary>
    public Task<IReadOnlyList<LockEntry>> ListAsync(CancellationToken cancellationToken) => _table.ListLocksAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var renewed = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _changed.WaitAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
                if (time.GetUtcNow() - renewed > options.Value.Lease / 3)
                {
                    renewed = time.GetUtcNow();
                    await _table.RenewLocksAsync(ownership.Owner, LeaseEnd, stoppingToken).ConfigureAwait(false);
                }

                if (!_waiting.IsEmpty)
                {
                    await GrantAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store or the broker is away for a moment: the waiters are still listed; look again.
                logger.LogWarning(e, "Could not look at the lock table; trying again");
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task GrantAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await _table.GrantAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (var (key, shown) in _waiting.ToList())
        {
            var mine = rows.Where(r => r.RunId == key.RunId.ToString() && r.NodeId == key.NodeId).ToList();
            if (mine.Count == 0)
            {
                continue; // released meanwhile (or its run ended)
            }

            if (mine.All(r => r.Held))
            {
                if (_waiting.TryRemove(key, out _))
                {
                    await PublishAsync(new RunLocksGranted(key.RunId, key.NodeId, now), cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            // Say who it waits for, once per change of holder: "waiting for lock staging (held by run 1a2b3c4d, step deploy)".
            var blocking = mine.FirstOrDefault(r => !r.Held && rows.Any(h => h.Held && h.Name == r.Name)) ?? mine[0];
            var text = WaitingText(blocking.Name, rows.Where(h => h.Held && h.Name == blocking.Name));
            if (text != shown && _waiting.TryUpdate(key, text, shown))
            {
                progress.Add(key.RunId, new StepStatusChange(key.NodeId, "queued", 0, now, text));
            }
        }
    }

    /// <summary>The waiting reason with its holders, as progress and <c>platform locks</c> show it.</summary>
    public static string WaitingText(string name, IEnumerable<LockEntry> holders)
    {
        var held = holders.Select(h => $"run {Short(h.RunId)}, step {h.NodeId}").ToList();
        return held.Count == 0
            ? $"waiting for lock {name} (queued behind earlier waiters)"
            : $"waiting for lock {name} (held by {string.Join("; ", held)})";
    }

    private static string Short(string runId) => runId.Length > 8 ? runId[..8] : runId;

    private async Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class
    {
        var bus = services.GetRequiredService<IBus>();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        await bus.Publish(message, bounded.Token).ConfigureAwait(false);
    }
}
