namespace Platform.Contracts;

/// <summary>A step's success a re-run takes over from the run it re-runs: its outputs and exit code.</summary>
public sealed record ReusedStep(string StepId, IReadOnlyDictionary<string, string> Outputs, int? ExitCode);
