using Platform.Pipelines.Simulation;

namespace Platform.Web.Timeline;

/// <summary>A simulation's report as a Gantt chart: nothing queues on a virtual clock, so each bar is one stretch.</summary>
public static class SimulatedTimeline
{
    public static RunTimeline From(SimulationResult result) =>
        TimelineRows.Assemble(result.Report, result.Report.FinishedAt ?? result.Report.StartedAt ?? DateTimeOffset.UnixEpoch,
            result.CriticalPath, TimelineRows.Span);
}
