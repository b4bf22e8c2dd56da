using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>How long a run or a row took, in seconds; null until it has both ends.</summary>
internal static class ReportTimes
{
    public static double? WallSeconds(this RunReport report) =>
        report is { StartedAt: { } start, FinishedAt: { } end } ? (end - start).TotalSeconds : null;

    public static double? Seconds(this StepRecord row) =>
        row is { StartedAt: { } start, FinishedAt: { } end } ? (end - start).TotalSeconds : null;
}
