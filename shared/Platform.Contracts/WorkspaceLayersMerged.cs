namespace Platform.Contracts;

/// <summary>The answer to <see cref="MergeWorkspaceLayers"/>: the conflicting paths found, or why the merge could not be done.</summary>
public sealed record WorkspaceLayersMerged(Guid RunId, string GroupId, IReadOnlyList<WorkspaceConflict> Conflicts, string? Error);
