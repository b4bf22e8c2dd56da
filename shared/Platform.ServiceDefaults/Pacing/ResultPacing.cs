using System.Collections.Concurrent;

namespace Platform.ServiceDefaults.Pacing;

/// <summary>
/// In one process (the CLI's embedded default), the Coordinator tells the Executor when it took a
/// run's result message, and the Executor sends that run's next batch of results only then (or after
/// <see cref="Patience"/>): while the Coordinator is busy, results gather into one AttemptsReported
/// instead of queueing one message each behind it. So at most one result message per run waits for
/// the Coordinator, and the last child's result of a wide fan-out is applied soon after it ends,
/// whatever the width. Only the pace changes: every result still goes over the bus, is stored
/// before it is applied, and is held (and vouched for by heartbeats) until published. Not registered
/// when the services run apart (over a broker): there the Executor publishes as before.
/// </summary>
public sealed class ResultPacing
{
    /// <summary>The longest a run's next batch waits for the Coordinator to take the previous one (a message it ignores never says so).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _expected = new();

    /// <summary>Called before a run's results are published: completes when the Coordinator takes a result message of that run.</summary>
    public Task Expect(Guid runId)
    {
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected[runId] = taken;
        return taken.Task;
    }

    /// <summary>The wait for <paramref name="expected"/> is over (taken or not): nothing is kept for the run (a long-lived process serves many).</summary>
    public void Done(Guid runId, Task expected)
    {
        if (_expected.TryGetValue(runId, out var taken) && taken.Task == expected)
        {
            _expected.TryRemove(new KeyValuePair<Guid, TaskCompletionSource>(runId, taken));
        }
    }

    /// <summary>The Coordinator took a result message of <paramref name="runId"/>.</summary>
    public void Taken(Guid runId)
    {
        if (_expected.TryRemove(runId, out var taken))
        {
            taken.TrySetResult();
        }
    }
}
