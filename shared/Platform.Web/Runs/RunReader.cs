using Platform.Pipelines.Engine;
using Platform.Storage;
using Platform.Web.Timeline;

namespace Platform.Web.Runs;

/// <summary>Everything the API and the console read about runs, straight from the run store.</summary>
public sealed class RunReader(IRunStore store, TimeProvider clock)
{
    /// <summary>How many runs a text filter looks through, newest first.</summary>
    private const int TextScan = 2000;

    public IRunStore Store => store;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>One page of runs, newest first; <paramref name="text"/> matches the id, the name or the pipeline.</summary>
    public async Task<(IReadOnlyList<StoredRun> Runs, bool HasMore)> ListAsync(string? pipeline, RunStatus? status, string? text, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            var runs = await store.ListRunsAsync(new RunQuery(pipeline, status, page * pageSize, pageSize + 1), cancellationToken).ConfigureAwait(false);
            return ([.. runs.Take(pageSize)], runs.Count > pageSize);
        }

        var all = await store.ListRunsAsync(new RunQuery(pipeline, status, 0, TextScan), cancellationToken).ConfigureAwait(false);
        var matching = all.Where(r => Matches(r, text.Trim())).Skip(page * pageSize).Take(pageSize + 1).ToList();
        return ([.. matching.Take(pageSize)], matching.Count > pageSize);
    }

    private static bool Matches(StoredRun run, string text) =>
        run.RunId.ToString().Contains(text, StringComparison.OrdinalIgnoreCase)
        || (run.Name?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || run.PipelineId.Contains(text, StringComparison.OrdinalIgnoreCase);

    public async Task<StoredRun?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await RunLookup.FindAsync(store, id, cancellationToken).ConfigureAwait(false)).Run;

    /// <summary>The run as it stands (its events replayed); null when its stored pipeline no longer loads.</summary>
    public Task<EngineState?> StateAsync(StoredRun run, CancellationToken cancellationToken) =>
        StoredRunReplay.RebuildAsync(store, run, cancellationToken);

    public async Task<RunTimeline?> TimelineAsync(StoredRun run, CancellationToken cancellationToken)
    {
        var events = await store.ReadEventsAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        return TimelineBuilder.Build(run, events, clock.GetUtcNow());
    }

    /// <summary>Output kept for the run after <paramref name="afterCursor"/>, of one step (and attempt) when given.</summary>
    public async Task<RunLogPage> LogsAsync(Guid runId, string? stepId, int? attempt, long afterCursor, CancellationToken cancellationToken) =>
        store is IRunLogs logs
            ? await logs.ReadLogsAsync(runId, stepId, attempt, afterCursor, cancellationToken: cancellationToken).ConfigureAwait(false)
            : new RunLogPage([], [], afterCursor);
}
