namespace Platform.Pipelines.Engine;

/// <summary>
/// A run's report (docs/pipelines.md, "The command line"): every step once, in pipeline order, skipped
/// ones too, and every group as a row of its own just before its children.
/// </summary>
public sealed record RunReport(
    string RunId,
    string Pipeline,
    RunStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<StepRecord> Steps,
    string? Name = null)
{
    /// <summary>The run's concurrency override (<c>--sequential</c> is 1), or null: the report records it.</summary>
    public int? ConcurrencyCap { get; init; }

    /// <summary>The run this one re-runs (<c>platform rerun</c>), if any.</summary>
    public string? RerunOf { get; init; }

    /// <summary>The rows that are steps, without the group rows.</summary>
    public IEnumerable<StepRecord> StepRows => Steps.Where(s => s.Kind == NodeKind.Step);

    /// <summary>Every step's resource use together (see <see cref="ResourceUse"/>); null when none was measured.</summary>
    public ResourceUse? Resources => ResourceUse.Total(StepRows.Select(s => s.Resources));
}
