using Platform.Web.Timeline;

namespace Platform.Web.Api;

/// <summary>
/// A simulation: the wall time with the toggled groups sequential (as declared when none is), as declared,
/// with every group sequential, the sum of all steps' time, the critical path, the timeline, and the
/// groups a toggle can make sequential.
/// </summary>
public sealed record SimulationAnswer(double WallSeconds, double DeclaredWallSeconds, double SequentialWallSeconds, double BusySeconds,
    IReadOnlyList<string> CriticalPath, RunTimeline Timeline, IReadOnlyList<string> Groups);
