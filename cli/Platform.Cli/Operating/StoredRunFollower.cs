using Platform.Cli.Output;
using Platform.Cli.Running;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Cli.Operating;

/// <summary>
/// Follows a run another process on this machine drives, through the store they share: its stored
/// events are replayed as they are appended (the engine is deterministic, so the replay shows every
/// status change the owner made), its output is read as it is kept, and at the end its report is
/// printed as <c>run</c> prints it. Used by <c>watch</c> and by <c>run --run-id</c> of a live run.
/// </summary>
internal static class StoredRunFollower
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task<int> FollowAsync(IRunStore runs, StoredRun run, bool json, bool logs, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        if (StoredRunReplay.Start(run) is not { } state)
        {
            stderr.WriteLine($"error: the stored pipeline of run {run.RunId} no longer loads");
            return ExitCodes.Invalid;
        }

        var progress = new ProgressPrinter(stderr, showLogs: false, run.Name);
        var output = new LogPrinter(stderr, showStep: true);
        var applied = 0;
        var logCursor = 0L;
        var checkedLiveness = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                var events = await runs.ReadEventsFromAsync(run.RunId, applied, cancellation).ConfigureAwait(false);
                foreach (var e in events)
                {
                    if (e is RunBegan)
                    {
                        progress.RunStarted(new RunStarted(run.RunId, state.Plan.Pipeline.Id, e.At));
                    }

                    foreach (var decision in Scheduler.Decide(state, e))
                    {
                        if (decision is StepStatusChanged changed)
                        {
                            progress.StepChanged(new StepStatusChange(changed.StepId, changed.Status.ToWire(), changed.Attempt, e.At, changed.Reason));
                        }
                    }
                }

                applied += events.Count;
                if (logs && runs is IRunLogs kept)
                {
                    var page = await kept.ReadLogsAsync(run.RunId, null, null, logCursor, cancellationToken: cancellation).ConfigureAwait(false);
                    foreach (var chunk in page.Chunks)
                    {
                        output.Print(chunk.Chunk.StepId, chunk.Chunk.Attempt, chunk.Chunk.At, chunk.Chunk.Text);
                    }

                    logCursor = page.Cursor;
                }

                if (state.IsFinished)
                {
                    break;
                }

                if (DateTimeOffset.UtcNow - checkedLiveness > TimeSpan.FromSeconds(1))
                {
                    checkedLiveness = DateTimeOffset.UtcNow;
                    if (await runs.GetRunAsync(run.RunId, cancellation).ConfigureAwait(false) is { } current
                        && (await RunLiveness.OfAsync(runs, current, cancellation).ConfigureAwait(false)).State == RunState.Interrupted)
                    {
                        stderr.WriteLine($"error: run {run.RunId} was interrupted (its process died): ./platform resume {run.RunId} continues it");
                        return ExitCodes.Failed;
                    }
                }

                await Task.Delay(Poll, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            stderr.WriteLine($"stopped following run {run.RunId}; it goes on (./platform cancel {run.RunId} to stop it)");
            return ExitCodes.Failed;
        }

        var report = state.Report();
        return ReportOutput.Write(stdout, report, json);
    }
}
