namespace Platform.Contracts;

/// <summary>
/// An executor is alive and holds <see cref="Running"/> (running, or ended with a result not yet
/// delivered): one message per executor per interval, whatever the number of attempts. Every
/// Coordinator receives it and renews those attempts' leases. <see cref="Abandoned"/> are attempts the
/// executor gave up without a result (it is shutting down): they are lost at once, without waiting
/// for their lease to run out.
/// </summary>
public sealed record AttemptsHeartbeat(
    string ExecutorId,
    DateTimeOffset At,
    IReadOnlyList<AttemptRef> Running,
    IReadOnlyList<AttemptRef> Abandoned);
