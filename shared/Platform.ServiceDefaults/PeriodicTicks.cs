namespace Platform.ServiceDefaults;

/// <summary>
/// Ends a <see cref="PeriodicTimer"/> loop by disposing the timer when a token is cancelled: the pending
/// <see cref="PeriodicTimer.WaitForNextTickAsync"/> then returns false. Cancelling the wait through its token
/// instead throws an <see cref="OperationCanceledException"/> whose stack trace the timer captures with file
/// and line numbers (<c>ExceptionDispatchInfo.SetCurrentStackTrace</c>), reading the symbol files of every
/// assembly on the stack: tens of milliseconds at a fresh <c>./platform run</c>'s stop, between its run's end
/// and its report (bench/results/perf-profile.md, "A run's end to its report").
/// </summary>
public static class PeriodicTicks
{
    /// <summary>From now on, <paramref name="stop"/> being cancelled disposes <paramref name="timer"/>; dispose the result with the loop.</summary>
    public static CancellationTokenRegistration StopOn(this PeriodicTimer timer, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return stop.Register(static t => ((PeriodicTimer)t!).Dispose(), timer);
    }
}
