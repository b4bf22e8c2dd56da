using Platform.Web.Timeline;

namespace Platform.Web.Api;

/// <summary>
/// A simulation: the wall time as declared, the wall time with every group sequential, the sum of all
/// steps' time, the critical path, and the timeline.
/// </summary>
public sealed record SimulationAnswer(double WallSeconds, double SequentialWallSeconds, double BusySeconds, IReadOnlyList<string> CriticalPath,
    RunTimeline Timeline);
