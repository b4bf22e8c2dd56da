using Platform.Pipelines.History;

namespace Platform.Storage;

/// <summary>A pipeline's stored experiments (<c>platform experiment</c> keeps its runs under <see cref="ExperimentRunName"/>s).</summary>
public static class ExperimentHistory
{
    /// <summary>How many of the pipeline's newest runs are looked through for experiments.</summary>
    public const int RunsLookedAt = 1000;

    /// <summary>The experiments among the pipeline's newest runs, newest first: each one's finished runs, replayed.</summary>
    public static async Task<IReadOnlyList<StoredExperiment>> ListAsync(IRunStore store, string pipelineId, CancellationToken cancellationToken = default)
    {
        var found = new List<(string Experiment, int Level, StoredRun Run)>();
        await foreach (var run in RunHistory.NewestAsync(store, pipelineId, RunsLookedAt, cancellationToken).ConfigureAwait(false))
        {
            if (run.IsFinished && ExperimentRunName.TryParse(run.Name, out var experiment, out var level))
            {
                found.Add((experiment, level, run));
            }
        }

        var experiments = new List<StoredExperiment>();
        foreach (var group in found.GroupBy(f => f.Experiment, StringComparer.Ordinal).OrderByDescending(g => g.Key, StringComparer.Ordinal))
        {
            var runs = new List<ExperimentRun>();
            foreach (var (_, level, run) in group)
            {
                if (await StoredRunReplay.RebuildAsync(store, run, cancellationToken).ConfigureAwait(false) is { } state)
                {
                    runs.Add(new ExperimentRun(level, state.Report()));
                }
            }

            experiments.Add(new StoredExperiment(group.Key, ExperimentRunName.BeganAt(group.Key), ExperimentResult.Compute(runs)));
        }

        return experiments;
    }
}

/// <summary>One experiment found in the store: its name, when it began, and its verdict.</summary>
public sealed record StoredExperiment(string Experiment, DateTimeOffset? BeganAt, ExperimentResult Result);
