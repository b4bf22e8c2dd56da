namespace Platform.Pipelines.Engine;

/// <summary>
/// A row of the run report: a step, or a group (<see cref="Kind"/>) listed before its children so a
/// timeline can draw it. Read-only view of the engine's state.
/// </summary>
public sealed record StepRecord(
    string Id,
    string? Name,
    StepStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    string? Reason)
{
    public NodeKind Kind { get; init; } = NodeKind.Step;

    /// <summary>The id of the enclosing group's row; null at the top level.</summary>
    public string? Parent { get; init; }

    /// <summary>On a forEach item's row: the item it ran with, as a template shows it.</summary>
    public string? Item { get; init; }

    /// <summary>A step's attempts together, or a group's rows together; null when nothing was measured.</summary>
    public ResourceUse? Resources { get; init; }

    /// <summary>A step's resource use per attempt (index = attempt − 1; null where not measured); empty for groups.</summary>
    public IReadOnlyList<ResourceUse?> AttemptResources { get; init; } = [];

    /// <summary>On an approval step's row: who decided it, how and when.</summary>
    public ApprovalRecord? Approval { get; init; }

    /// <summary>On a re-run's row: the run whose success this step took over instead of running.</summary>
    public string? ReusedFrom { get; init; }

    /// <summary>The files the step stored with the run (<c>artifacts:</c>); empty when none.</summary>
    public IReadOnlyList<ArtifactRecord> Artifacts { get; init; } = [];
}
