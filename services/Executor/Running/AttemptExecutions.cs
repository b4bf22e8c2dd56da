using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Executor.Cancellation;

namespace Platform.Executor.Running;

/// <summary>
/// The attempts this executor runs, each in a task of its own rather than inside a consumer: a broker
/// restart closes the consumers' channels but not the steps. Holds the slots (how many run at once),
/// since consumers return before their attempts end; reports each result through the
/// <see cref="AttemptResultReporter"/>; remembers what ended here so a redelivered ExecuteStep for it
/// does not run it again.
/// </summary>
public sealed class AttemptExecutions(
    StepAttemptRunner runner,
    AttemptResultReporter reporter,
    AttemptCancellationRegistry registry,
    IOptions<ExecutorOptions> options,
    TimeProvider time,
    ILogger<AttemptExecutions> logger)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.Slots));
    private readonly ConcurrentDictionary<AttemptKey, AttemptExecution> _running = new();
    private readonly Lock _gate = new();
    private readonly HashSet<AttemptKey> _ended = [];
    private readonly Queue<AttemptKey> _endedOrder = new();
    private bool _stopping;

    /// <summary>Attempts running here now.</summary>
    public IReadOnlyCollection<AttemptKey> Running => [.. _running.Keys];

    /// <summary>
    /// Waits for a free slot and registers the attempt as starting, for <see cref="Start"/>. Null, with the slot
    /// given back, when a copy of it already runs here or it was cancelled before it started (then
    /// <c>CancelledReason</c> says why, and <see cref="CancelledBeforeStart"/> is its result).
    /// </summary>
    public async Task<(RunningAttempt? Attempt, string? CancelledReason)> TakeAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var attempt = registry.TryStart(key, out var cancelledReason);
        if (attempt is null)
        {
            _slots.Release();
        }

        return (attempt, cancelledReason);
    }

    /// <summary>The result of an attempt cancelled before it started (<see cref="TakeAsync"/>).</summary>
    public StepCancelled CancelledBeforeStart(ExecuteStep step, string reason) =>
        new(step.RunId, step.StepId, step.Attempt, time.GetUtcNow(), $"cancelled before start: {reason}");

    /// <summary>True when this attempt already ran here (a redelivery): its result is, or will be, reported.</summary>
    public bool EndedHere(AttemptKey key)
    {
        lock (_gate)
        {
            return _ended.Contains(key);
        }
    }

    /// <summary>Starts the attempt in a slot already taken; the slot is given back when the attempt's result is out.</summary>
    /// <returns>
    /// Null when the executor is stopping: the attempt is not started, and its slot, <paramref name="attempt"/>
    /// and <paramref name="activity"/> are given back (the caller hands the command back).
    /// </returns>
    public AttemptExecution? Start(ExecuteStep step, RunningAttempt attempt, Activity? activity)
    {
        var execution = new AttemptExecution(step, attempt, activity);
        lock (_gate)
        {
            if (_stopping)
            {
                execution.Dispose();
                activity?.Dispose();
                attempt.Dispose();
                _slots.Release();
                return null;
            }

            _running[execution.Key] = execution;
        }

        execution.StartedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        execution.Running = runner.RunAsync(step, execution.KillToken);
        execution.Reported = ReportWhenEndedAsync(execution, started);
        return execution;
    }

    /// <summary>Executor shutting down: every attempt still running is killed and given back, unreported; none starts any more.</summary>
    public IReadOnlyList<AttemptKey> GiveUpAll(string reason)
    {
        lock (_gate)
        {
            _stopping = true; // from now on nothing starts here
        }

        var given = new List<AttemptKey>();
        // Attempts already cancelled (a race's losers, say) are dying anyway and nobody wants them back.
        // So are those whose step has ended: their results are on their way (embedded, a run's last result is still
        // being applied while the run's end already stops this process), and are not given back.
        foreach (var execution in _running.Values.Where(e => !e.Attempt.IsCancelled))
        {
            if (execution.GiveUp(reason))
            {
                given.Add(execution.Key);
            }
        }

        return given;
    }

    /// <summary>
    /// Completes once every attempt being killed here (cancelled, as a race's losers, or given back) has ended,
    /// its processes gone and reaped, or after <paramref name="bound"/>. A stopping executor waits for this:
    /// its process, scratch folder and guardian do not go from under a step that is still dying, and no
    /// step outlives the process that reported it cancelled. False when some had not ended.
    /// </summary>
    public async Task<bool> KilledEndedAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var dying = Task.WhenAll(_running.Values.Where(e => e.Killed).Select(e => e.Running));
        if (dying.IsCompleted)
        {
            return true;
        }

        await Task.WhenAny(dying, Task.Delay(bound, cancellationToken)).ConfigureAwait(false);
        return dying.IsCompleted;
    }

    private async Task ReportWhenEndedAsync(AttemptExecution execution, long started)
    {
        var step = execution.Step;
        try
        {
            var result = await execution.Running.ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            execution.Activity?.SetTag("step.run_ms", Math.Round(elapsed.TotalMilliseconds, 3));
            if (!execution.End())
            {
                var reason = execution.UnreportedReason;
                logger.LogWarning("Attempt {Attempt} of step {StepId} of run {RunId} killed and given back: {Reason}",
                    step.Attempt, step.StepId, step.RunId, reason);
                return;
            }

            execution.Activity?.SetTag("step.outcome", result.Outcome.ToString().ToLowerInvariant());
            if (result.Resources is { } used)
            {
                execution.Activity?.SetTag("step.cpu_seconds", Math.Round(used.CpuSeconds, 3));
                if (used.PeakMemoryBytes is { } peak)
                {
                    execution.Activity?.SetTag("step.peak_memory_bytes", peak);
                }

                execution.Activity?.SetTag("step.read_bytes", used.ReadBytes);
                execution.Activity?.SetTag("step.written_bytes", used.WrittenBytes);
            }

            if (result.Outcome is not (StepOutcome.Succeeded or StepOutcome.Cancelled))
            {
                execution.Activity?.SetStatus(ActivityStatusCode.Error, result.Error);
            }

            // A success is in the run's events and its trace: only an attempt that did not succeed is logged at Information.
            logger.Log(result.Outcome == StepOutcome.Succeeded ? LogLevel.Debug : LogLevel.Information,
                "Attempt {Attempt} of step {StepId} of run {RunId} ended {Outcome} after {ElapsedMilliseconds} ms (exit code {ExitCode})",
                step.Attempt, step.StepId, step.RunId, result.Outcome, (long)elapsed.TotalMilliseconds, result.ExitCode);
            Remember(execution.Key);
            // Every result carries its start, told or not: a StepStarted and the result go by different paths (embedded:
            // the bus and the mediator), and a result applied first must not leave the step started at its dispatch.
            await reporter.ReportAsync(execution.Key, ToMessage(step, result, execution.Attempt, time.GetUtcNow(), execution.StartedAt))
                .ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(execution.Key, out _);
            execution.Activity?.Dispose();
            execution.Attempt.Dispose();
            execution.Dispose();
            _slots.Release();
        }
    }

    private void Remember(AttemptKey key)
    {
        lock (_gate)
        {
            if (_ended.Add(key))
            {
                _endedOrder.Enqueue(key);
                while (_endedOrder.Count > Math.Max(1, options.Value.CancelledAttemptMemory))
                {
                    _ended.Remove(_endedOrder.Dequeue());
                }
            }
        }
    }

    private static object ToMessage(ExecuteStep step, StepResult result, RunningAttempt attempt, DateTimeOffset at, DateTimeOffset startedAt) => result.Outcome switch
    {
        StepOutcome.Succeeded => new StepSucceeded(step.RunId, step.StepId, step.Attempt, at, result.ExitCode, result.Outputs, result.LogTail, startedAt, result.Resources,
            result.Artifacts.Count > 0 ? result.Artifacts : null, result.LayerUnchanged),
        StepOutcome.Cancelled => new StepCancelled(step.RunId, step.StepId, step.Attempt, at, attempt.CancelReason ?? "cancelled", startedAt, result.Resources),
        _ => new StepFailed(step.RunId, step.StepId, step.Attempt, at, result.ExitCode, result.Error ?? "failed",
            result.Outcome == StepOutcome.TimedOut, result.LogTail, startedAt, result.Resources),
    };
}
