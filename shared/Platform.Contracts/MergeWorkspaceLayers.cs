namespace Platform.Contracts;

/// <summary>
/// An isolated group of a run ended: merge the layers of its branches in <see cref="Merge"/> (declared
/// order) into the layer <see cref="Into"/> names (outermost first; empty: the run's directory), drop
/// those in <see cref="Discard"/>. <see cref="OnConflict"/> is <c>fail</c>, <c>warn</c> or
/// <c>last-wins</c>; with <c>fail</c> a conflict merges nothing. Answered by <see cref="WorkspaceLayersMerged"/>.
/// <see cref="Branch"/>: set when one branch of a fire-and-forget group ended (its layer alone is in
/// <see cref="Merge"/> or <see cref="Discard"/>); its changes are then compared with what the group's
/// branches merged before it changed, which the Executor keeps until the run finishes.
/// </summary>
public sealed record MergeWorkspaceLayers(
    Guid RunId,
    string GroupId,
    IReadOnlyList<string> Into,
    IReadOnlyList<WorkspaceBranch> Merge,
    IReadOnlyList<string> Discard,
    string OnConflict,
    string? Branch = null);
