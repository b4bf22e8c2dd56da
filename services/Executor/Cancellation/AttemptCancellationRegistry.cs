using Microsoft.Extensions.Options;

namespace Platform.Executor.Cancellation;

/// <summary>
/// Which attempts run in this process and which were cancelled. Every executor receives every
/// CancelStep, so each one remembers cancelled attempts (bounded, oldest forgotten first): an
/// ExecuteStep that is still queued or is redelivered after its cancel never runs its commands.
/// Start and cancel take the same lock, so a cancel racing a start is never lost.
/// </summary>
public sealed class AttemptCancellationRegistry(IOptions<ExecutorOptions> options)
{
    readonly Lock _gate = new();
    readonly Dictionary<AttemptKey, RunningAttempt> _running = [];
    readonly Dictionary<AttemptKey, string> _cancelled = [];
    readonly Queue<AttemptKey> _cancelledOrder = new();
    readonly int _memory = Math.Max(1, options.Value.CancelledAttemptMemory);

    public int RunningCount
    {
        get
        {
            lock (_gate)
                return _running.Count;
        }
    }

    /// <summary>
    /// Registers <paramref name="key"/> as running. Returns null when it must not run: either it was
    /// cancelled (<paramref name="cancelledReason"/> says why) or the same attempt already runs here
    /// (a duplicate delivery; <paramref name="cancelledReason"/> is null).
    /// </summary>
    public RunningAttempt? TryStart(AttemptKey key, out string? cancelledReason)
    {
        lock (_gate)
        {
            if (_cancelled.TryGetValue(key, out cancelledReason))
                return null;

            if (_running.ContainsKey(key))
                return null;

            var attempt = new RunningAttempt(key, Release);
            _running.Add(key, attempt);
            return attempt;
        }
    }

    /// <summary>Cancels the attempt if it runs here and remembers it either way. True when it was running here.</summary>
    public bool Cancel(AttemptKey key, string reason)
    {
        RunningAttempt? running;
        lock (_gate)
        {
            if (_cancelled.TryAdd(key, reason))
            {
                _cancelledOrder.Enqueue(key);
                while (_cancelledOrder.Count > _memory)
                    _cancelled.Remove(_cancelledOrder.Dequeue());
            }

            _running.TryGetValue(key, out running);
        }

        // Outside the lock: cancellation callbacks start killing a process tree.
        running?.Cancel(reason);
        return running is not null;
    }

    public bool IsCancelled(AttemptKey key)
    {
        lock (_gate)
            return _cancelled.ContainsKey(key);
    }

    void Release(RunningAttempt attempt)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(attempt.Key, out var current) && ReferenceEquals(current, attempt))
                _running.Remove(attempt.Key);
        }
    }
}
