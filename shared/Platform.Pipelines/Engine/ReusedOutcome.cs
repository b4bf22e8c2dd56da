namespace Platform.Pipelines.Engine;

/// <summary>A step's success taken over by a re-run from the run it re-runs: its outputs and exit code.</summary>
public sealed record ReusedOutcome(IReadOnlyDictionary<string, string> Outputs, int? ExitCode);
