using Platform.Pipelines.Engine;

namespace Platform.Pipelines.Simulation;

/// <summary>The simulated run: its report, every decision with its virtual time, and the timing figures.</summary>
public sealed record SimulationResult(
    RunReport Report,
    IReadOnlyList<TimedDecision> Decisions,
    double WallSeconds,
    double SequentialSeconds,
    IReadOnlyList<string> CriticalPath,
    int PeakInFlight,
    long Events);

public sealed record TimedDecision(TimeSpan At, Decision Decision);
