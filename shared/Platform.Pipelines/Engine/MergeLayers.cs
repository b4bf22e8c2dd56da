using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// An isolating group ended: merge the layers of its branches that succeeded (<see cref="Merge"/>, in
/// declared order) into the layer the group itself writes into (<see cref="Into"/>: the directory
/// when empty), and drop the others (<see cref="Discard"/>). Answered by <see cref="LayersMerged"/>;
/// the group ends only then. With <see cref="ConflictPolicy.Fail"/> a conflict merges nothing.
/// </summary>
public sealed record MergeLayers(
    string GroupId,
    IReadOnlyList<string> Into,
    IReadOnlyList<LayerBranch> Merge,
    IReadOnlyList<string> Discard,
    ConflictPolicy OnConflict) : Decision;

/// <summary>A branch's layer and the name a conflict report gives it.</summary>
public sealed record LayerBranch(string Layer, string Name);
