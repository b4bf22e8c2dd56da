namespace Platform.Pipelines.Simulation;

/// <summary>How one simulated attempt ends: after <see cref="Duration"/>, succeeding or failing.</summary>
public sealed record SimulatedAttempt(TimeSpan Duration, bool Succeeds = true, int ExitCode = 0, IReadOnlyDictionary<string, string>? Outputs = null);
