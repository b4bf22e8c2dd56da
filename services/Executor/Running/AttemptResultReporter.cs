using MassTransit;
using Platform.Contracts;

namespace Platform.Executor.Running;

/// <summary>
/// Publishes attempt results, gathering those of one run that end while a publish for that run is
/// still under way: they go together, as one <see cref="AttemptsReported"/>, when it completes. No
/// result ever waits for a timer — a lone result goes at once — but when a wide fan-out ends many
/// attempts at a time, the Coordinator gets one message and one transaction for all of them.
/// Each caller's task completes when its result is published: the ExecuteStep is acknowledged only then.
/// </summary>
public sealed class AttemptResultReporter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, List<PendingResult>> _waiting = [];

    /// <param name="result">A StepSucceeded, StepFailed or StepCancelled of <paramref name="runId"/>.</param>
    public async Task ReportAsync(ConsumeContext context, Guid runId, object result)
    {
        var mine = new PendingResult(context, result, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool publisher;
        lock (_gate)
        {
            publisher = !_waiting.TryGetValue(runId, out var queue);
            if (publisher)
            {
                _waiting[runId] = [];
            }
            else
            {
                queue!.Add(mine); // a publish of this run is under way: this result goes with the next one
            }
        }

        if (publisher)
        {
            // Outside the lock: a publish may run synchronously for a while, and other results must
            // still be able to join the queue meanwhile.
            await PublishUntilDrainedAsync(runId, mine).ConfigureAwait(false);
        }

        await mine.Published.Task.ConfigureAwait(false);
    }

    /// <summary>Publishes <paramref name="first"/>, then whatever gathered meanwhile, until nothing is left.</summary>
    private async Task PublishUntilDrainedAsync(Guid runId, PendingResult first)
    {
        List<PendingResult> batch = [first];
        while (batch.Count > 0)
        {
            await PublishAsync(runId, batch).ConfigureAwait(false);
            lock (_gate)
            {
                batch = _waiting[runId];
                if (batch.Count == 0)
                {
                    _waiting.Remove(runId);
                }
                else
                {
                    _waiting[runId] = [];
                }
            }
        }
    }

    private static async Task PublishAsync(Guid runId, List<PendingResult> batch)
    {
        try
        {
            var first = batch[0];
            if (batch.Count == 1)
            {
                await first.Context.Publish(first.Result, first.Result.GetType()).ConfigureAwait(false);
            }
            else
            {
                var results = batch.Select(p => p.Result).ToList();
                await first.Context.Publish(new AttemptsReported(runId,
                    [.. results.OfType<StepSucceeded>()], [.. results.OfType<StepFailed>()], [.. results.OfType<StepCancelled>()])).ConfigureAwait(false);
            }

            foreach (var pending in batch)
            {
                pending.Published.TrySetResult();
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Published.TrySetException(e);
            }
        }
    }

    private sealed record PendingResult(ConsumeContext Context, object Result, TaskCompletionSource Published);
}
