using Platform.Contracts;

namespace Platform.Coordinator.Tests;

internal static class ReportExtensions
{
    public static StepReport Step(this RunFinished run, string id) => run.Steps.Single(s => s.Id == id);

    /// <summary>The report's step rows, without the group rows.</summary>
    public static IEnumerable<StepReport> StepRows(this RunFinished run) => run.Steps.Where(s => s.Kind == "step");

    public static string Status(this RunFinished run, string id) => run.Step(id).Status;

    public static DateTimeOffset Start(this RunFinished run, string id) => run.Step(id).StartedAt ?? throw new InvalidOperationException($"{id} never started");

    public static DateTimeOffset End(this RunFinished run, string id) => run.Step(id).FinishedAt ?? throw new InvalidOperationException($"{id} never finished");

    /// <summary>The most steps whose [start, end) intervals overlap at one instant.</summary>
    public static int PeakOverlap(this RunFinished run, IEnumerable<string> ids)
    {
        var edges = ids.Select(run.Step).Where(s => s.StartedAt is not null && s.FinishedAt is not null)
            .SelectMany(s => new[] { (At: s.StartedAt!.Value, Delta: 1), (At: s.FinishedAt!.Value, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, peak = 0;
        foreach (var edge in edges)
        {
            current += edge.Delta;
            peak = Math.Max(peak, current);
        }

        return peak;
    }
}
