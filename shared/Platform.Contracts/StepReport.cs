namespace Platform.Contracts;

/// <summary>
/// One row of a run report (docs/pipelines.md, "The command line"): a step, or a group
/// (<see cref="Kind"/> "group") listed just before its children. <see cref="Resources"/>: a step's
/// attempts together, a group's rows together; <see cref="AttemptResources"/>: a step's, per attempt. <see cref="Approval"/>: who decided an
/// approval step; <see cref="ReusedFrom"/>: the run whose success a re-run took over for this step;
/// <see cref="Artifacts"/>: the files the step stored with the run.
/// </summary>
public sealed record StepReport(
    string Id,
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    string? Reason,
    string? Name = null,
    string Kind = "step",
    string? Parent = null,
    string? Item = null,
    ResourceUsage? Resources = null,
    IReadOnlyList<ResourceUsage?>? AttemptResources = null,
    ApprovalReport? Approval = null,
    string? ReusedFrom = null,
    IReadOnlyList<ArtifactRef>? Artifacts = null);
