namespace Platform.Pipelines.Engine;

/// <summary>
/// The run's concurrency group refused it (<c>onLimit: fail</c>, or the queue is at <c>maxQueued</c>):
/// the run ends <c>failed</c> without running anything, with <see cref="Reason"/>.
/// </summary>
public sealed record LocksRefused(DateTimeOffset At, string NodeId, string Reason) : RunEvent(At);
