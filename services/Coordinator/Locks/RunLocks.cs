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
using Platform.Pipelines.Model;
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
    private readonly ConcurrentDictionary<(Guid RunId, string NodeId), Waiter> _waiting = new();
    private readonly ConcurrentQueue<(object Message, Task Saved)> _answers = new();
    private readonly SemaphoreSlim _changed = new(0);

    private DateTimeOffset LeaseEnd => time.GetUtcNow() + options.Value.Lease;

    /// <summary>The engine asks for locks (or, after a restart, confirms ones it holds).</summary>
    /// <param name="saved">
    /// Completes when the message being handled is done (the run's saga instance saved): an answer to
    /// the saga is sent only then, or it could reach a saga instance that does not exist yet and start a second one.
    /// </param>
    public async Task AcquireAsync(Guid runId, AcquireLocks acquire, Task saved, CancellationToken cancellationToken)
    {
        _ = saved.ContinueWith(_ => _changed.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (acquire.Held)
        {
            var rows = await _table.ListLocksAsync(cancellationToken).ConfigureAwait(false);
            if (!rows.Any(r => r.RunId == runId.ToString() && r.NodeId == acquire.NodeId && r.Held))
            {
                logger.LogWarning("Run {RunId}: {NodeId} held locks whose lease ran out while no Coordinator drove the run; stopping it", runId, acquire.NodeId);
                _answers.Enqueue((new RunLocksLost(runId, acquire.NodeId,
                    $"the lease of {string.Join(", ", acquire.Locks.Select(l => l.Name))} ran out while no Coordinator drove the run"), saved));
                return;
            }

            await _table.RequestAsync(runId, acquire.NodeId, acquire.Locks, ownership.Owner, time.GetUtcNow(), LeaseEnd, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _table.RequestAsync(runId, acquire.NodeId, acquire.Locks, ownership.Owner, time.GetUtcNow(), LeaseEnd, cancellationToken).ConfigureAwait(false);
        if (acquire.Admission is { } admission && !await AdmitAsync(runId, acquire, admission, saved, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _waiting[(runId, acquire.NodeId)] = new Waiter(saved, "");
        _changed.Release();
    }

    /// <summary>
    /// A run asks for a place in its full concurrency group (<c>runs:</c>): carries out its
    /// <c>onLimit</c>. False when the run was refused (its request is withdrawn).
    /// </summary>
    private async Task<bool> AdmitAsync(Guid runId, AcquireLocks acquire, RunAdmission admission, Task saved, CancellationToken cancellationToken)
    {
        var name = acquire.Locks[0].Name;
        var limit = acquire.Locks[0].Limit;
        var rows = await _table.GrantAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var me = runId.ToString();
        if (rows.Any(r => r.RunId == me && r.NodeId == acquire.NodeId && r.Held))
        {
            return true; // room at once: the next pass sends the grant
        }

        var others = rows.Where(r => r.Name == name && r.RunId != me).ToList();
        string? refused = admission.OnLimit switch
        {
            OnLimit.Fail => $"refused: {limit} run(s) of concurrency group {admission.Key} already running (onLimit: fail)",
            OnLimit.Queue when admission.MaxQueued is { } max && others.Count(r => !r.Held) >= max =>
                $"refused: {max} run(s) already queued for concurrency group {admission.Key} (maxQueued: {max})",
            _ => null,
        };
        if (refused is not null)
        {
            await _table.ReleaseAsync(runId, acquire.NodeId, cancellationToken).ConfigureAwait(false);
            _answers.Enqueue((new RunLocksRefused(runId, acquire.NodeId, refused), saved));
            _changed.Release();
            return false;
        }

        // cancel-running: every other run of the group goes, running or queued; cancel-queued: the queued ones.
        var cancel = admission.OnLimit switch
        {
            OnLimit.CancelRunning => others,
            OnLimit.CancelQueued => others.Where(r => !r.Held).ToList(),
            _ => [],
        };
        foreach (var runToCancel in cancel.Select(r => r.RunId).Distinct())
        {
            logger.LogInformation("Run {RunId}: cancelling run {Other} of concurrency group {Key} ({OnLimit})", runId, runToCancel, admission.Key, admission.OnLimit);
            await PublishAsync(new CancelRun(Guid.Parse(runToCancel),
                admission.OnLimit == OnLimit.CancelRunning
                    ? $"a newer run {Short(me)} of concurrency group {admission.Key} started (onLimit: cancel-running)"
                    : $"replaced in the queue of concurrency group {admission.Key} by the newer run {Short(me)} (onLimit: cancel-queued)"),
                cancellationToken).ConfigureAwait(false);
        }

        return true;
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

                await AnswerAsync(stoppingToken).ConfigureAwait(false);
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

    /// <summary>Refusals and lost grants, each once the message that caused it is done.</summary>
    private async Task AnswerAsync(CancellationToken cancellationToken)
    {
        for (var n = _answers.Count; n > 0 && _answers.TryDequeue(out var answer); n--)
        {
            if (answer.Saved.IsCompleted)
            {
                await PublishAsync(answer.Message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _answers.Enqueue(answer);
            }
        }
    }

    private async Task GrantAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await _table.GrantAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (var (key, waiter) in _waiting.ToList())
        {
            if (!waiter.Saved.IsCompleted)
            {
                continue; // its saga instance may not be saved yet: answer on a later pass
            }

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
            var text = key.NodeId == RunGroupAdmission.RunNode
                ? QueuedText(blocking, rows)
                : WaitingText(blocking.Name, rows.Where(h => h.Held && h.Name == blocking.Name));
            if (text != waiter.Shown && _waiting.TryUpdate(key, waiter with { Shown = text }, waiter))
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

    /// <summary>A run waiting for its concurrency group: "queued: position 2 for concurrency group deploy-prod (limit 1)".</summary>
    private static string QueuedText(LockEntry mine, IReadOnlyList<LockEntry> rows)
    {
        var position = rows.Count(r => r.Name == mine.Name && !r.Held && r.Seq < mine.Seq) + 1;
        return $"queued: position {position} for concurrency group {mine.Name["runs/".Length..]} (limit {mine.Limit})";
    }

    private static string Short(string runId) => runId.Length > 8 ? runId[..8] : runId;

    private sealed record Waiter(Task Saved, string Shown);

    private async Task PublishAsync(object message, CancellationToken cancellationToken)
    {
        var bus = services.GetRequiredService<IBus>();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        await bus.Publish(message, bounded.Token).ConfigureAwait(false);
    }
}
