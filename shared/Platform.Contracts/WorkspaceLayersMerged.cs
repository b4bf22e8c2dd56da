namespace Platform.Contracts;

/// <summary>
/// The answer to <see cref="MergeWorkspaceLayers"/>: the conflicting paths found, or why the merge could not be done;
/// <see cref="Branch"/> as asked (a fire-and-forget branch's merge).
/// </summary>
public sealed record WorkspaceLayersMerged(Guid RunId, string GroupId, IReadOnlyList<WorkspaceConflict> Conflicts, string? Error, string? Branch = null);
