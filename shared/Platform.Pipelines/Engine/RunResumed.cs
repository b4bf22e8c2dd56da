namespace Platform.Pipelines.Engine;

/// <summary>
/// The driver restarted and rebuilt the run from its events: attempts that were dispatched and never
/// reported may be lost. Each is dispatched again as a new attempt (the old one cancelled); this does
/// not use up the step's retries, because the step did not fail. With <see cref="ExecutorsLost"/>
/// false, attempts an executor reported started are left alone: that executor will report them; and
/// with a <see cref="StartGrace"/>, an attempt not reported started yet gets that long to report
/// (it may be running, its start not yet told, or queued for a free executor) before it is
/// dispatched again — so a step is not run twice merely because the driver restarted.
/// </summary>
public sealed record RunResumed(DateTimeOffset At, bool ExecutorsLost = true, TimeSpan? StartGrace = null) : RunEvent(At);
