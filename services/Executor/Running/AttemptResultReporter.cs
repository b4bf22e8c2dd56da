using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Executor.Cancellation;
using Platform.ServiceDefaults.InProcess;

namespace Platform.Executor.Running;

/// <summary>
/// Publishes attempt results on the bus, never on a consumer's context: a result outlives the
/// ExecuteStep that asked for it (the message is acknowledged once the attempt is under way) and a
/// broker outage. A result that cannot be published (broker down) is kept and tried again until it
/// goes: buffered, not lost; heartbeats keep naming its attempt meanwhile, so its lease holds.
/// Results of one run that end while a publish for that run is under way go together, as one
/// <see cref="AttemptsReported"/>: a wide fan-out costs the Coordinator one transaction per batch.
/// </summary>
/// <remarks>
/// In one process with the Coordinator a mediator is registered: results go through it straight into the
/// run saga (the Coordinator's <c>InProcessResults</c>), not over the in-memory transport, and a publish
/// returns once the saga has applied them, so a run's results gather while the Coordinator is busy with
/// the previous batch and the next batch goes as soon as it is free.
/// </remarks>
public sealed class AttemptResultReporter(LateBus bus, IOptions<ExecutorOptions> options, ILogger<AttemptResultReporter> logger,
    MassTransit.Mediator.IMediator? mediator = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, List<PendingResult>> _waiting = [];
    private readonly ConcurrentDictionary<AttemptKey, byte> _unreported = new();

    /// <summary>Attempts whose result is not published yet.</summary>
    public IReadOnlyCollection<AttemptKey> Unreported => [.. _unreported.Keys];

    /// <param name="result">A StepSucceeded, StepFailed or StepCancelled of <paramref name="key"/>.</param>
    /// <returns>Completes once the result is published (however long the broker is away).</returns>
    public Task ReportAsync(AttemptKey key, object result)
    {
        _unreported[key] = 0;
        var mine = new PendingResult(key, result, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool publisher;
        lock (_gate)
        {
            publisher = !_waiting.TryGetValue(key.RunId, out var queue);
            if (publisher)
            {
                _waiting[key.RunId] = [];
            }
            else
            {
                queue!.Add(mine); // a publish of this run is under way: this result goes with the next one
            }
        }

        if (publisher)
        {
            _ = PublishUntilDrainedAsync(key.RunId, mine);
        }

        return mine.Published.Task;
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

    private async Task PublishAsync(Guid runId, List<PendingResult> batch)
    {
        object message = batch.Count == 1
            ? batch[0].Result
            : new AttemptsReported(runId,
                [.. batch.Select(p => p.Result).OfType<StepSucceeded>()],
                [.. batch.Select(p => p.Result).OfType<StepFailed>()],
                [.. batch.Select(p => p.Result).OfType<StepCancelled>()]);

        for (var attempt = 1; ; attempt++)
        {
            // Each try is bounded: a publish waiting on a dead connection must not hold the results back
            // once the broker is back (a fresh try gets a fresh channel).
            using var timeout = new CancellationTokenSource(options.Value.PublishTimeout);
            try
            {
                // WaitAsync as well: the try is over at the timeout even if the publish ignores its token.
                // Through the mediator the saga applies the results before this returns: no broker can be away, and a
                // run's last result may take its whole report with it, so that wait is not bounded.
                var publishing = mediator is null
                    ? bus.Bus.Publish(message, message.GetType(), timeout.Token).WaitAsync(options.Value.PublishTimeout)
                    : mediator.Publish(message, message.GetType());
                await publishing.ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is not ObjectDisposedException)
            {
                if (attempt == 1)
                {
                    logger.LogWarning("Results of run {RunId} could not be published ({Error}); kept and tried again until the broker takes them",
                        runId, e.Message);
                }

                await Task.Delay(options.Value.RepublishInterval).ConfigureAwait(false);
            }
        }

        foreach (var pending in batch)
        {
            _unreported.TryRemove(pending.Key, out _);
            pending.Published.TrySetResult();
        }
    }

    private sealed record PendingResult(AttemptKey Key, object Result, TaskCompletionSource Published);
}
