using Platform.Pipelines.Engine;

namespace Platform.Coordinator.Storage;

/// <summary>
/// Every engine event of every run, in the order applied. The engine is deterministic, so replaying
/// a run's events rebuilds its state exactly: this is what a durable store persists and recovery reads.
/// </summary>
public interface IRunEventLog
{
    Task AppendAsync(Guid runId, RunEvent e, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, CancellationToken cancellationToken = default);
}
