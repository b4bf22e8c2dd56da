using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>
/// One step's or group's row of <c>platform stats</c>, over the runs it ran in (skipped ones are counted
/// apart). Times are in seconds; memory in bytes; null where no run measured it.
/// </summary>
public sealed record StepStatistics(
    string Id,
    NodeKind Kind,
    int Runs,
    int Succeeded,
    int Failed,
    int Cancelled,
    int Skipped,
    double? DurationP50,
    double? DurationP95,
    double? DurationMax,
    double? QueueP50,
    double? CpuSecondsP50,
    double? CpuSecondsMax,
    double? PeakMemoryP50,
    double? PeakMemoryMax,
    int OnCriticalPath,
    double? DurationChange,
    string? Flaky)
{
    /// <summary>Failed includes timed out: both are a step that did not do its work.</summary>
    public double FailureRate => Runs == 0 ? 0 : (double)Failed / Runs;
}
