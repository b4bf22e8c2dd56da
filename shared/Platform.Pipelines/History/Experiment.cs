using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>One run of <c>platform experiment</c>: the parallelism it ran at, and its report.</summary>
public sealed record ExperimentRun(int Level, RunReport Report);

/// <summary>One level's row: wall p50, speed-up against the lowest level, efficiency (speed-up ÷ level ratio), failures, CPU, memory.</summary>
public sealed record LevelResult(int Level, int Runs, double WallP50, double SpeedUp, double Efficiency, double FailureRate, double? CpuSecondsP50, long? PeakMemoryMax);

/// <summary>A step that failed at some level above the lowest and never at the lowest: shared state or contention.</summary>
public sealed record ParallelOnlyFailure(string StepId, IReadOnlyList<int> Levels, int Failures);

/// <summary>
/// <c>platform experiment</c>'s verdict: a row per level, the knee (the last level where raising the
/// parallelism to the next one still gained 10 % or more: beyond it, more parallelism buys under 10 %),
/// and the steps that fail only in parallel.
/// </summary>
public sealed record ExperimentResult(IReadOnlyList<LevelResult> Levels, int? Knee, double? GainAfterKnee, IReadOnlyList<ParallelOnlyFailure> ParallelOnly)
{
    /// <summary>Doubling (or any next level) that gains less than this is past the knee.</summary>
    public const double KneeGain = 0.10;

    public static ExperimentResult Compute(IReadOnlyList<ExperimentRun> runs)
    {
        var byLevel = runs.GroupBy(r => r.Level).OrderBy(g => g.Key).ToList();
        if (byLevel.Count == 0)
        {
            return new ExperimentResult([], null, null, []);
        }

        var walls = byLevel.ToDictionary(g => g.Key, g => Percentile.Of(g.Select(r => r.Report.WallSeconds() ?? 0), 50) ?? 0);
        var lowest = byLevel[0].Key;
        var baseline = walls[lowest];
        var levels = byLevel.Select(g =>
        {
            var speedUp = walls[g.Key] > 0 ? baseline / walls[g.Key] : 1;
            return new LevelResult(
                g.Key,
                g.Count(),
                walls[g.Key],
                speedUp,
                speedUp / ((double)g.Key / lowest),
                (double)g.Count(r => r.Report.Status != RunStatus.Succeeded) / g.Count(),
                Percentile.Of(g.Select(r => r.Report.Resources?.CpuSeconds).OfType<double>(), 50),
                g.Select(r => r.Report.Resources?.PeakMemoryBytes).Max());
        }).ToList();

        int? knee = null;
        double? gain = null;
        for (var i = 0; i + 1 < levels.Count && knee is null; i++)
        {
            var next = levels[i + 1].SpeedUp / levels[i].SpeedUp - 1;
            if (next < KneeGain)
            {
                (knee, gain) = (levels[i].Level, next);
            }
        }

        return new ExperimentResult(levels, knee, gain, ParallelOnlyFailures(byLevel, lowest));
    }

    private static List<ParallelOnlyFailure> ParallelOnlyFailures(IReadOnlyList<IGrouping<int, ExperimentRun>> byLevel, int lowest)
    {
        static IEnumerable<string> Failed(ExperimentRun r) =>
            r.Report.StepRows.Where(s => s.Status is StepStatus.Failed or StepStatus.TimedOut).Select(s => s.Id);

        var failsAtLowest = byLevel[0].SelectMany(Failed).ToHashSet(StringComparer.Ordinal);
        return byLevel.Where(g => g.Key != lowest)
            .SelectMany(g => g.SelectMany(r => Failed(r).Select(id => (Id: id, g.Key))))
            .Where(f => !failsAtLowest.Contains(f.Id))
            .GroupBy(f => f.Id, StringComparer.Ordinal)
            .Select(g => new ParallelOnlyFailure(g.Key, g.Select(f => f.Key).Distinct().Order().ToList(), g.Count()))
            .OrderBy(f => f.StepId, StringComparer.Ordinal)
            .ToList();
    }
}
