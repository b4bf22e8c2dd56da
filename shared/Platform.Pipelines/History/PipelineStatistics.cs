using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>
/// <c>platform stats</c>: what a pipeline's last runs say about each step and group: outcome rates,
/// duration, queue time, CPU and memory percentiles, how often it was on the critical path, the change
/// against the runs before, and whether it is flaky.
/// </summary>
public sealed record PipelineStatistics(
    string PipelineId,
    int Runs,
    int Succeeded,
    double? WallP50,
    double? WallP95,
    IReadOnlyList<StepStatistics> Steps)
{
    /// <param name="runs">The runs counted (the newest <c>--last</c>).</param>
    /// <param name="previous">The runs before them, as many, for the change column; may be fewer or none.</param>
    public static PipelineStatistics Compute(string pipelineId, IReadOnlyList<ObservedRun> runs, IReadOnlyList<ObservedRun> previous)
    {
        var order = new List<string>();
        var kinds = new Dictionary<string, NodeKind>(StringComparer.Ordinal);
        foreach (var row in runs.SelectMany(r => r.Report.Steps))
        {
            if (kinds.TryAdd(row.Id, row.Kind))
            {
                order.Add(row.Id);
            }
        }

        var critical = runs.SelectMany(r => r.CriticalPath).CountBy(id => id).ToDictionary(StringComparer.Ordinal);
        var steps = order.Select(id => Step(id, kinds[id], runs, previous, critical.GetValueOrDefault(id))).ToList();
        var walls = runs.Select(r => r.Report.WallSeconds()).OfType<double>().ToList();
        return new PipelineStatistics(pipelineId, runs.Count, runs.Count(r => r.Report.Status == RunStatus.Succeeded),
            Percentile.Of(walls, 50), Percentile.Of(walls, 95), steps);
    }

    private static StepStatistics Step(string id, NodeKind kind, IReadOnlyList<ObservedRun> runs, IReadOnlyList<ObservedRun> previous, int onCriticalPath)
    {
        var rows = Rows(id, runs).ToList();
        var ran = rows.Where(r => r.Row.Status is not (StepStatus.Skipped or StepStatus.Pending)).ToList();
        var durations = ran.Select(r => r.Row.Seconds()).OfType<double>().ToList();
        var cpu = ran.Select(r => r.Row.Resources?.CpuSeconds).OfType<double>().ToList();
        var memory = ran.Select(r => (double?)r.Row.Resources?.PeakMemoryBytes).OfType<double>().ToList();
        var queue = ran.SelectMany(r => r.Run.QueueTimes.GetValueOrDefault(id) ?? []).Select(t => t.TotalSeconds).ToList();
        var p50 = Percentile.Of(durations, 50);
        var before = Percentile.Of(Rows(id, previous).Select(r => r.Row.Seconds()).OfType<double>(), 50);
        return new StepStatistics(
            id,
            kind,
            ran.Count,
            ran.Count(r => r.Row.Status == StepStatus.Succeeded),
            ran.Count(r => r.Row.Status is StepStatus.Failed or StepStatus.TimedOut),
            ran.Count(r => r.Row.Status == StepStatus.Cancelled),
            rows.Count(r => r.Row.Status == StepStatus.Skipped),
            p50,
            Percentile.Of(durations, 95),
            durations.Count == 0 ? null : durations.Max(),
            Percentile.Of(queue, 50),
            Percentile.Of(cpu, 50),
            cpu.Count == 0 ? null : cpu.Max(),
            Percentile.Of(memory, 50),
            memory.Count == 0 ? null : memory.Max(),
            onCriticalPath,
            p50 is { } now && before is > 0 ? (now - before.Value) / before.Value : null,
            kind == NodeKind.Step ? Flakiness(ran) : null);
    }

    /// <summary>
    /// Why a step is flaky, or null: it failed and then succeeded on a retry in one run, or it both
    /// succeeded and failed in runs of the same pipeline text with the same inputs.
    /// </summary>
    private static string? Flakiness(IReadOnlyList<(ObservedRun Run, StepRecord Row)> ran)
    {
        var retried = ran.Count(r => r.Row.Status == StepStatus.Succeeded && r.Row.Attempts > 1);
        if (retried > 0)
        {
            return $"succeeded only on a retry in {retried} of {ran.Count} runs";
        }

        var mixed = ran.GroupBy(r => r.Run.Fingerprint, StringComparer.Ordinal)
            .Where(g => g.Any(r => r.Row.Status == StepStatus.Succeeded) && g.Any(r => r.Row.Status is StepStatus.Failed or StepStatus.TimedOut))
            .Sum(g => g.Count());
        return mixed > 0 ? $"both succeeded and failed with the same pipeline and inputs ({mixed} runs)" : null;
    }

    private static IEnumerable<(ObservedRun Run, StepRecord Row)> Rows(string id, IEnumerable<ObservedRun> runs) =>
        runs.SelectMany(r => r.Report.Steps.Where(s => s.Id == id).Select(s => (r, s)));
}
