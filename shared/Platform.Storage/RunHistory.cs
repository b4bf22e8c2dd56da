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
        var found = new List<StoredRun>();
        if (count <= 0)
        {
            return [];
        }

        await foreach (var run in NewestAsync(store, pipelineId, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            // An experiment's runs ran at levels chosen to compare, not as the pipeline runs: not its history.
            if (run.IsFinished && !ExperimentRunName.TryParse(run.Name, out _, out _))
            {
                found.Add(run);
                if (found.Count == count)
                {
                    break;
                }
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

    /// <summary>The pipeline's runs, newest first, at most <paramref name="limit"/>, read a page at a time.</summary>
    internal static async IAsyncEnumerable<StoredRun> NewestAsync(IRunStore store, string pipelineId, int limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int Page = 200;
        for (var skip = 0; skip < limit; skip += Page)
        {
            var page = await store.ListRunsAsync(new RunQuery(pipelineId, Skip: skip, Take: Math.Min(Page, limit - skip)), cancellationToken).ConfigureAwait(false);
            foreach (var run in page)
            {
                yield return run;
            }

            if (page.Count < Page)
            {
                yield break;
            }
        }
    }
}
