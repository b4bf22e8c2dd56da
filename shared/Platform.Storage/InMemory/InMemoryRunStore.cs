using System.Collections.Concurrent;
using Platform.Pipelines.Engine;

namespace Platform.Storage.InMemory;

/// <summary>Runs in process memory: tests, and a Coordinator started without a store. Lost with the process.</summary>
public sealed partial class InMemoryRunStore : IRunStore, IRunClaims
{
    private readonly Dictionary<Guid, (string Owner, DateTimeOffset Until)> _claims = [];
    private readonly ConcurrentDictionary<Guid, StoredRun> _runs = new();
    private readonly ConcurrentDictionary<Guid, SortedList<long, RunEvent>> _events = new();

    public Task<bool> CreateRunAsync(StoredRun run, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.TryAdd(run.RunId, run));

    public Task UpdateStatusAsync(Guid runId, RunStatus status, DateTimeOffset? finishedAt, CancellationToken cancellationToken = default)
    {
        _runs.AddOrUpdate(runId, _ => throw new KeyNotFoundException($"run {runId}"), (_, run) => run with { Status = status, FinishedAt = finishedAt });
        return Task.CompletedTask;
    }

    public Task<bool> AppendEventsAsync(Guid runId, long firstSequence, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default)
    {
        var stored = _events.GetOrAdd(runId, _ => []);
        lock (stored)
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (stored.ContainsKey(firstSequence + i))
                {
                    return Task.FromResult(false);
                }
            }

            for (var i = 0; i < events.Count; i++)
            {
                stored.Add(firstSequence + i, events[i]);
            }

            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(Guid runId, CancellationToken cancellationToken = default) =>
        ReadEventsFromAsync(runId, 0, cancellationToken);

    public Task<IReadOnlyList<RunEvent>> ReadEventsFromAsync(Guid runId, long fromSequence, CancellationToken cancellationToken = default)
    {
        if (!_events.TryGetValue(runId, out var events))
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>([]);
        }

        lock (events)
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>([.. events.Where(e => e.Key >= fromSequence).Select(e => e.Value)]);
        }
    }

    public Task<StoredRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.GetValueOrDefault(runId));

    public Task<IReadOnlyList<StoredRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredRun>>(_runs.Values
            .Where(r => query.PipelineId is null || r.PipelineId == query.PipelineId)
            .Where(r => query.Status is null || r.Status == query.Status)
            .Where(r => query.IdPrefix is null || r.RunId.ToString().StartsWith(query.IdPrefix, StringComparison.Ordinal))
            .OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.RunId)
            .Skip(query.Skip).Take(query.Take).ToList());

    public Task<IReadOnlyList<StoredRun>> UnfinishedRunsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredRun>>(_runs.Values.Where(r => !r.IsFinished).OrderBy(r => r.SubmittedAt).ToList());

    public Task<RunClaim?> GetClaimAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        lock (_claims)
        {
            return Task.FromResult(_claims.TryGetValue(runId, out var claim) ? new RunClaim(claim.Owner, claim.Until) : null);
        }
    }

    public Task ClaimAsync(Guid runId, string owner, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        lock (_claims)
        {
            _claims[runId] = (owner, until);
        }

        return Task.CompletedTask;
    }

    public Task RenewAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        SetAll(owner, until);

    public Task ReleaseAsync(string owner, CancellationToken cancellationToken = default) => SetAll(owner, DateTimeOffset.MinValue);

    public Task<IReadOnlyList<Guid>> ClaimOrphansAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        lock (_claims)
        {
            var won = _runs.Values.Where(r => !r.IsFinished)
                .Where(r => _claims.TryGetValue(r.RunId, out var claim) ? claim.Until < now : r.SubmittedAt < now - (until - now))
                .Select(r => r.RunId).ToList();
            foreach (var runId in won)
            {
                _claims[runId] = (owner, until);
            }

            return Task.FromResult<IReadOnlyList<Guid>>(won);
        }
    }

    private Task SetAll(string owner, DateTimeOffset until)
    {
        lock (_claims)
        {
            foreach (var runId in _claims.Where(c => c.Value.Owner == owner).Select(c => c.Key).ToList())
            {
                _claims[runId] = (owner, until);
            }
        }

        return Task.CompletedTask;
    }
}
