namespace Platform.Pipelines.Engine;

/// <summary>
/// The answer to <see cref="MergeLayers"/>: the paths two branches changed differently (empty when
/// none), or why the merge could not be done at all (<see cref="Error"/>). <see cref="Branch"/>: the
/// fire-and-forget branch whose merge this answers (<see cref="MergeLayers.Branch"/>), else null.
/// </summary>
public sealed record LayersMerged(DateTimeOffset At, string GroupId, IReadOnlyList<LayerConflict> Conflicts, string? Error = null, string? Branch = null)
    : RunEvent(At);

/// <summary><see cref="Path"/> (relative to the directory) was changed differently by branches <see cref="First"/> and <see cref="Second"/>.</summary>
public sealed record LayerConflict(string Path, string First, string Second);
