using Platform.Pipelines.Engine;
using Platform.Storage;
using Platform.Storage.InMemory;

namespace Platform.Coordinator.Tests;

/// <summary>
/// A store in which another submission of the run id wins the race: the run is not there when the
/// Coordinator looks, but <see cref="Racer"/> is stored just before the Coordinator's own create, which
/// is therefore refused.
/// </summary>
internal sealed class RacingRunStore(Func<Guid, StoredRun> racer) : IRunStore
{
    private readonly InMemoryRunStore _inner = new();

    public Func<Guid, StoredRun> Racer { get; } = racer;

    public async Task<bool> CreateRunAsync(StoredRun run, CancellationToken cancellationToken = default)
    {
        await _inner.CreateRunAsync(Racer(run.RunId), cancellationToken);
        return await _inner.CreateRunAsync(run, cancellationToken);
    }

    public Task UpdateStatusAsync(Guid runId, Platform.Pipelines.Engine.RunStatus status, DateTimeOffset? finishedAt, CancellationToken cancellationToken = default) =>
        _inner.UpdateStatusAsync(runId, status, finishedAt, cancellationToken);

    public Task<bool> AppendEventsAsync(Guid runId, long firstSequence, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default) =>
        _inner.AppendEventsAsync(runId, firstSequence, events, cancellationToken);

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(Guid runId, CancellationToken cancellationToken = default) =>
        _inner.ReadEventsAsync(runId, cancellationToken);

    public Task<IReadOnlyList<RunEvent>> ReadEventsFromAsync(Guid runId, long fromSequence, CancellationToken cancellationToken = default) =>
        _inner.ReadEventsFromAsync(runId, fromSequence, cancellationToken);

    public Task<StoredRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) => _inner.GetRunAsync(runId, cancellationToken);

    public Task<IReadOnlyList<StoredRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) =>
        _inner.ListRunsAsync(query, cancellationToken);

    public Task<IReadOnlyList<StoredRun>> UnfinishedRunsAsync(CancellationToken cancellationToken = default) => _inner.UnfinishedRunsAsync(cancellationToken);
}
