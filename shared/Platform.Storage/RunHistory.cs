using Platform.Pipelines.History;

namespace Platform.Storage;

/// <summary>A pipeline's finished runs as history: what <c>stats</c> and <c>simulate --from-history</c> read.</summary>
public static class RunHistory
{
    /// <summary>
    /// The newest <paramref name="count"/> finished runs of the pipeline, newest first, replayed (runs still
    /// going are not history yet; a run whose stored pipeline no longer loads is left out, and so are the
    /// runs of <c>platform experiment</c>).
    /// </summary>
    public static async Task<IReadOnlyList<ObservedRun>> FinishedAsync(IRunStore store, string pipelineId, int count, CancellationToken cancellationToken = default)
    {
        const int Page = 200;
        var found = new List<StoredRun>();
        for (var skip = 0; found.Count < count; skip += Page)
        {
            var page = await store.ListRunsAsync(new RunQuery(pipelineId, Skip: skip, Take: Page), cancellationToken).ConfigureAwait(false);
            // An experiment's runs ran at levels chosen to compare, not as the pipeline runs: not its history.
            found.AddRange(page.Where(r => r.IsFinished && !ExperimentRunName.TryParse(r.Name, out _, out _)).Take(count - found.Count));
            if (page.Count < Page)
            {
                break;
            }
        }

        var observed = new List<ObservedRun>();
        foreach (var run in found)
        {
            if (await StoredRunReplay.ObserveAsync(store, run, cancellationToken).ConfigureAwait(false) is { } seen)
            {
                observed.Add(seen);
            }
        }

        return observed;
    }
}
