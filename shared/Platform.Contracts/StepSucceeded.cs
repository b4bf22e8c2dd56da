namespace Platform.Contracts;

/// <summary>
/// An attempt succeeded. <see cref="StartedAt"/> is when it began, whether or not its executor told <see cref="StepStarted"/>
/// (which may reach the Coordinator after this): a short step is reported once, start and end together. Null from
/// executors before this was so.
/// <see cref="Resources"/>: what the attempt's process tree used; null for steps that run no process.
/// <see cref="Artifacts"/>: the files it stored with the run (already stored when this is published).
/// <see cref="LayerUnchanged"/>: it ran in an isolated branch's layer, and as it ended its Executor found that layer
/// empty with nothing else running in it (false when unknown): the branch need not be merged.
/// </summary>
public sealed record StepSucceeded(
    Guid RunId,
    string StepId,
    int Attempt,
    DateTimeOffset At,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    string? LogTail,
    DateTimeOffset? StartedAt = null,
    ResourceUsage? Resources = null,
    IReadOnlyList<ArtifactRef>? Artifacts = null,
    bool LayerUnchanged = false);
