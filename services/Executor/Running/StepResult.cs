using Platform.Contracts;

namespace Platform.Executor.Running;

/// <summary>How an attempt ended, whatever its action.</summary>
/// <param name="ExitCode">The shell's exit code when there was one.</param>
/// <param name="Error">Why it failed, timed out or was cancelled; null on success.</param>
/// <param name="LogTail">The end of its combined output (bounded by ExecutorOptions.MaxLogBytes).</param>
public sealed record StepResult(
    StepOutcome Outcome,
    int? ExitCode,
    string? Error,
    IReadOnlyDictionary<string, string> Outputs,
    string LogTail)
{
    /// <summary>What the attempt's process tree used (Resources/); null when it ran no process or nothing was measured.</summary>
    public ResourceUsage? Resources { get; init; }

    /// <summary>The files a succeeded attempt stored with the run (<c>artifacts:</c>).</summary>
    public IReadOnlyList<ArtifactRef> Artifacts { get; init; } = [];

    /// <summary>A succeeded attempt of an isolated branch left its layer empty (Workspaces/LayerActivity.cs).</summary>
    public bool LayerUnchanged { get; init; }

    static readonly IReadOnlyDictionary<string, string> NoOutputs = new Dictionary<string, string>();

    public static StepResult Succeeded(int? exitCode, IReadOnlyDictionary<string, string> outputs, string logTail) =>
        new(StepOutcome.Succeeded, exitCode, null, outputs, logTail);

    public static StepResult Failed(int? exitCode, string error, string logTail) =>
        new(StepOutcome.Failed, exitCode, error, NoOutputs, logTail);

    public static StepResult Cancelled(string logTail) =>
        new(StepOutcome.Cancelled, null, "cancelled", NoOutputs, logTail);
}
