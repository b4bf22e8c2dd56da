using System.Collections.Concurrent;
using Platform.Pipelines.Engine;

namespace Platform.Storage.InMemory;

/// <summary>Runs in process memory: tests, and a Coordinator started without a store. Lost with the process.</summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly ConcurrentDictionary<Guid, StoredRun> _runs = new();
    private readonly ConcurrentDictionary<Guid, SortedList<long, RunEvent>> _events = new();

    public Task<bool> CreateRunAsync(StoredRun run, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.TryAdd(run.RunId, run));

    public Task UpdateStatusAsync(Guid runId, string status, DateTimeOffset? finishedAt, CancellationToken cancellationToken = default)
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

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        if (!_events.TryGetValue(runId, out var events))
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>([]);
        }

        lock (events)
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>([.. events.Values]);
        }
    }

    public Task<StoredRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.GetValueOrDefault(runId));

    public Task<IReadOnlyList<StoredRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredRun>>(_runs.Values
            .Where(r => query.PipelineId is null || r.PipelineId == query.PipelineId)
            .Where(r => query.Status is null || r.Status == query.Status)
            .OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.RunId)
            .Skip(query.Skip).Take(query.Take).ToList());

    public Task<IReadOnlyList<StoredRun>> UnfinishedRunsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredRun>>(_runs.Values.Where(r => !r.IsFinished).OrderBy(r => r.SubmittedAt).ToList());
}
