namespace Platform.Pipelines.Engine;

/// <summary>
/// The driver restarted and rebuilt the run from its events: attempts that were dispatched and never
/// reported may have died with it. Each is dispatched again as a new attempt; this does not use up
/// the step's retries, because the step did not fail.
/// </summary>
public sealed record RunResumed(DateTimeOffset At) : RunEvent(At);
