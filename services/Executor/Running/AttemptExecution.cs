using System.Diagnostics;
using Platform.Contracts;
using Platform.Executor.Cancellation;

namespace Platform.Executor.Running;

/// <summary>
/// One attempt running in this process, from its start until its result is published. It belongs to
/// no consumer: once told started, it goes on whatever happens to the broker connection.
/// </summary>
public sealed class AttemptExecution
{
    private readonly CancellationTokenSource _kill;
    private readonly Lock _gate = new();
    private volatile string? _unreportedReason;
    private bool _ended;

    internal AttemptExecution(ExecuteStep step, RunningAttempt attempt, Activity? activity)
    {
        Step = step;
        Attempt = attempt;
        Activity = activity;
        _kill = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token);
    }

    public ExecuteStep Step { get; }

    public AttemptKey Key => Attempt.Key;

    public RunningAttempt Attempt { get; }

    public Activity? Activity { get; }

    /// <summary>Cancels the step's process tree: a CancelStep, a lost transport before the start was told, or shutdown.</summary>
    public CancellationToken KillToken => _kill.Token;

    /// <summary>When the attempt began here: the one start its StepStarted and its result both say.</summary>
    public DateTimeOffset StartedAt { get; internal set; }

    /// <summary>Why the attempt is not to be reported (it is given back rather than ended); null normally.</summary>
    public string? UnreportedReason => _unreportedReason;

    /// <summary>True once its process tree is being killed: cancelled (a CancelStep, a race lost) or given back.</summary>
    public bool Killed => _unreportedReason is not null || Attempt.IsCancelled;

    /// <summary>The step's result; set when the attempt is started.</summary>
    public Task<StepResult> Running { get; internal set; } = Task.FromResult(StepResult.Cancelled(""));

    /// <summary>Completes when the result is published, or at once when the attempt is given back unreported.</summary>
    public Task Reported { get; internal set; } = Task.CompletedTask;

    /// <summary>
    /// True once the attempt has run for <paramref name="delay"/> (its start is then worth telling: StepStarted);
    /// false if it ended first (its result carries its start). A zero delay is true at once.
    /// </summary>
    public async Task<bool> RunsLongerThanAsync(TimeSpan delay, TimeProvider time)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        using var stop = new CancellationTokenSource();
        if (await Task.WhenAny(Running, Task.Delay(delay, time, stop.Token)).ConfigureAwait(false) == Running)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>Kills the attempt without reporting a result: its ExecuteStep is redelivered, or its lease given up.</summary>
    /// <returns>False when its step had already ended (<see cref="End"/>): its result is on its way, nothing is given back.</returns>
    public bool GiveUp(string reason)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }

            _unreportedReason ??= reason;
        }

        try
        {
            _kill.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }

        return true;
    }

    /// <summary>
    /// Its step has ended: from now on its result is reported and it cannot be given back. False when it was
    /// given back first (then nothing is reported). One or the other, never both: an executor stopping just as
    /// a step ends neither gives back an attempt whose result goes out nor loses one it gave back.
    /// </summary>
    internal bool End()
    {
        lock (_gate)
        {
            if (_unreportedReason is not null)
            {
                return false;
            }

            _ended = true;
            return true;
        }
    }

    internal void Dispose() => _kill.Dispose();
}
