namespace Platform.Pipelines.Engine;

/// <summary>
/// The driver lost track of an attempt: no executor vouched for it for a whole lease (its executor
/// died or was cut off), or its executor gave it back. Like an attempt interrupted by a restart, the
/// step is dispatched again as a new attempt that does not use up its retries; a late result of the
/// lost attempt is ignored. An attempt that already ended is left as it is.
/// </summary>
public sealed record AttemptLost(DateTimeOffset At, string StepId, int Attempt, string Reason) : RunEvent(At);
