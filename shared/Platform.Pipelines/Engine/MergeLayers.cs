using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// An isolating group ended: merge the layers of its branches that succeeded (<see cref="Merge"/>, in
/// declared order) into the layer the group itself writes into (<see cref="Into"/>: the directory
/// when empty), and drop the others (<see cref="Discard"/>). Answered by <see cref="LayersMerged"/>;
/// the group ends only then. With <see cref="ConflictPolicy.Fail"/> a conflict merges nothing.
/// <para>
/// For a fire-and-forget group <see cref="Branch"/> names the one branch that just ended: its layer alone
/// is in <see cref="Merge"/> (or <see cref="Discard"/>), and conflicts are sought against what the group's
/// branches merged before it changed, which whoever merges keeps until the run ends.
/// </para>
/// </summary>
public sealed record MergeLayers(
    string GroupId,
    IReadOnlyList<string> Into,
    IReadOnlyList<LayerBranch> Merge,
    IReadOnlyList<string> Discard,
    ConflictPolicy OnConflict,
    string? Branch = null) : Decision;

/// <summary>A branch's layer and the name a conflict report gives it.</summary>
public sealed record LayerBranch(string Layer, string Name);
