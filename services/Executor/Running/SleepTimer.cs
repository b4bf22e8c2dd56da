using System.Diagnostics;

namespace Platform.Executor.Running;

/// <summary>
/// Wake-ups for sleep steps: Task.Delay on Linux fires about 2 ms late (a 10 ms sleep took 12.4 ms
/// here), which a wide fan-out of short steps pays on every step. One thread keeps the deadlines in
/// order and waits until the nearest one: on Linux to the nanosecond, with 1 µs of timer slack
/// (<see cref="EventFdWakeup"/>: a 10 ms sleep ends ~0.05 ms after its deadline instead of ~0.3 ms
/// with a millisecond wait); elsewhere rounded up to the next millisecond. Never early.
/// </summary>
public sealed class SleepTimer : IDisposable
{
    private readonly PriorityQueue<TaskCompletionSource, long> _due = new();
    private readonly Lock _gate = new();
    private readonly ITimerWakeup _changed = (ITimerWakeup?)EventFdWakeup.TryCreate() ?? new EventWakeup();
    private readonly Thread _thread;
    private volatile bool _disposed;

    public SleepTimer()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "platform-sleep-timer" };
        _thread.Start();
    }

    public Task Delay(TimeSpan duration, CancellationToken cancellation)
    {
        if (duration <= TimeSpan.Zero)
        {
            return cancellation.IsCancellationRequested ? Task.FromCanceled(cancellation) : Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        lock (_gate)
        {
            _due.Enqueue(done, deadline);
        }

        _changed.Set();
        if (cancellation.CanBeCanceled)
        {
            // The entry stays queued until due; completing it then is a no-op.
            var registration = cancellation.Register(() => done.TrySetCanceled(cancellation));
            _ = done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return done.Task;
    }

    private void Run()
    {
        while (!_disposed)
        {
            var wait = -1L; // nanoseconds; until told
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (_due.TryPeek(out var done, out var deadline) && deadline <= now)
                {
                    _due.Dequeue();
                    done.TrySetResult();
                }

                if (_due.TryPeek(out _, out var next))
                {
                    wait = (long)Math.Ceiling((next - now) * 1e9 / Stopwatch.Frequency);
                }
            }

            _changed.Wait(wait);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _changed.Set();
        _thread.Join(TimeSpan.FromSeconds(1));
        _changed.Dispose();
    }
}
