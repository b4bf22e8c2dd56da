using Platform.Pipelines.Engine;

namespace Platform.Storage;

/// <summary>
/// Durable run state. A run is its summary plus the engine events applied to it, in order: the
/// engine is deterministic, so replaying the events rebuilds the run exactly (statuses, attempts,
/// outputs, pending timers). One event is one small insert, whatever the size of the run.
/// </summary>
public interface IRunStore
{
    /// <summary>Records a new run; false (and no change) when the run id exists: submitting twice is one run.</summary>
    Task<bool> CreateRunAsync(StoredRun run, CancellationToken cancellationToken = default);

    Task UpdateStatusAsync(Guid runId, RunStatus status, DateTimeOffset? finishedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> as numbers <paramref name="firstSequence"/>, +1, … (from 0),
    /// all or none. False, and nothing written, when the first number is already taken: another
    /// Coordinator moved the run on (optimistic concurrency), so the caller's copy of the run is stale.
    /// Numbers are only ever appended in order, so a conflict is always on the first of them.
    /// </summary>
    Task<bool> AppendEventsAsync(Guid runId, long firstSequence, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Appends event number <paramref name="sequence"/>; see <see cref="AppendEventsAsync"/>.</summary>
    Task<bool> AppendEventAsync(Guid runId, long sequence, RunEvent e, CancellationToken cancellationToken = default) =>
        AppendEventsAsync(runId, sequence, [e], cancellationToken);

    Task<IReadOnlyList<RunEvent>> ReadEventsAsync(Guid runId, CancellationToken cancellationToken = default) =>
        ReadEventsFromAsync(runId, 0, cancellationToken);

    /// <summary>
    /// The run's events numbered <paramref name="fromSequence"/> and later, in order: a follower that has
    /// applied n events asks for the rest from n, without reading the run's whole history again.
    /// </summary>
    Task<IReadOnlyList<RunEvent>> ReadEventsFromAsync(Guid runId, long fromSequence, CancellationToken cancellationToken = default);

    Task<StoredRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>Runs not finished yet, for recovery after a crash.</summary>
    Task<IReadOnlyList<StoredRun>> UnfinishedRunsAsync(CancellationToken cancellationToken = default);
}
