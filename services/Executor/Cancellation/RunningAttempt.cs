namespace Platform.Executor.Cancellation;

/// <summary>An attempt registered as running in this process; disposing it unregisters it.</summary>
public sealed class RunningAttempt : IDisposable
{
    readonly CancellationTokenSource _cancellation = new();
    readonly Action<RunningAttempt> _release;
    string? _cancelReason;

    internal RunningAttempt(AttemptKey key, Action<RunningAttempt> release)
    {
        Key = key;
        _release = release;
    }

    public AttemptKey Key { get; }

    /// <summary>Fires when a CancelStep for this attempt arrives.</summary>
    public CancellationToken Token => _cancellation.Token;

    public bool IsCancelled => Volatile.Read(ref _cancelReason) is not null;

    public string? CancelReason => Volatile.Read(ref _cancelReason);

    internal void Cancel(string reason)
    {
        Interlocked.CompareExchange(ref _cancelReason, reason, null);
        try
        {
            // On the thread pool: the attempt's cancellation continues the attempt itself (killing its
            // process tree, publishing its result), which must not run inline on, and hold up, the
            // CancelStep consumer that every other cancel of this executor waits behind.
            _ = _cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The attempt finished between the lookup and the cancel: nothing left to stop.
        }
    }

    public void Dispose()
    {
        _release(this);
        _cancellation.Dispose();
    }
}
