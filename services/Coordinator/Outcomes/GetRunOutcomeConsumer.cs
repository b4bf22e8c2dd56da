using MassTransit;
using Platform.Contracts;
using Platform.Coordinator.Running;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Coordinator.Outcomes;

/// <summary>
/// Answers <see cref="GetRunOutcome"/> from the run store, so any Coordinator replica can: a client
/// that missed a run's end (its queue was gone while the broker restarted) gets the RunFinished it
/// missed, rebuilt by replaying the run's events; a client given a name or a start of an id (its
/// <see cref="GetRunOutcome.Lookup"/>) learns which run that is (<see cref="RunLookup"/>).
/// </summary>
public sealed class GetRunOutcomeConsumer(IRunStore store) : IConsumer<GetRunOutcome>
{
    public async Task Consume(ConsumeContext<GetRunOutcome> context)
    {
        var runId = context.Message.RunId;
        StoredRun? stored;
        if (context.Message.Lookup is { } text)
        {
            // As the CLI finds a run in a store it reads: its id, its name, or a unique start of its id.
            var found = await RunLookup.FindAsync(store, text, context.CancellationToken).ConfigureAwait(false);
            if (found.Ambiguous.Count > 1)
            {
                await context.RespondAsync(new RunOutcome(runId, "unknown", null, Ambiguous: [.. found.Ambiguous.Select(r => r.RunId)])).ConfigureAwait(false);
                return;
            }

            stored = found.Run;
            runId = stored?.RunId ?? runId;
        }
        else
        {
            stored = await store.GetRunAsync(runId, context.CancellationToken).ConfigureAwait(false);
        }

        if (stored is null)
        {
            await context.RespondAsync(new RunOutcome(runId, "unknown", null)).ConfigureAwait(false);
            return;
        }

        if (!stored.IsFinished || await StoredRunReplay.RebuildAsync(store, stored, context.CancellationToken).ConfigureAwait(false) is not { } state)
        {
            await context.RespondAsync(new RunOutcome(runId, stored.Status.ToWire(), null, RunFingerprint.Of(stored))).ConfigureAwait(false);
            return;
        }

        // A response is one message: a paged report comes back whole here (a rare path: a missed end).
        var (pages, finished) = MessageMapper.ToRunFinished(runId, state.Report(), state.Plan.Pipeline, stored.SubmittedAt);
        if (pages.Count > 0)
        {
            finished = finished with { Steps = pages.SelectMany(p => p.Rows).ToList(), ReportPages = 0 };
        }

        await context.RespondAsync(new RunOutcome(runId, finished.Status, finished, RunFingerprint.Of(stored))).ConfigureAwait(false);
    }
}
