using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Which copy-on-write layers a step writes into. A branch of an isolating group (a child of a
/// parallel group, a race, a forEach: its item chain) has a layer named by its id; a step sees the
/// directory through the layers of every branch it is inside, outermost first, and writes into the
/// innermost. Sequential steps inside one branch share its layer, so they see each other's files.
/// </summary>
internal static class WorkspaceLayers
{
    /// <summary>
    /// Parallel groups (races and fire-and-forget included) and forEach isolate unless <c>isolate: false</c>.
    /// A fire-and-forget branch's layer is merged as soon as the branch ends (<see cref="Transition.MergeAsBranchEnds"/>).
    /// </summary>
    public static bool Isolates(PlanNode plan, GroupNode group) =>
        group.Isolate != false && plan.Kind is PlanKind.ForEach or PlanKind.Parallel;

    /// <summary>The layers <paramref name="node"/> sees, outermost first; null when it works in the directory itself.</summary>
    public static IReadOnlyList<string>? Of(NodeInstance node) => BranchesOf(node, static group => group.Isolates);

    /// <summary>The layers of <see cref="Of"/> that belong to branches of fire-and-forget groups; null when none do.</summary>
    public static IReadOnlyList<string>? DetachedOf(NodeInstance node) =>
        BranchesOf(node, static group => group.Isolates && group.Kind == PlanKind.Parallel && group.Wait.Kind == WaitKind.None);

    /// <summary>The ids of the branches <paramref name="node"/> is inside whose group passes <paramref name="counts"/>, outermost first.</summary>
    private static List<string>? BranchesOf(NodeInstance node, Func<PlanNode, bool> counts)
    {
        List<string>? layers = null;
        for (var n = node; n.Parent is { } parent; n = parent)
        {
            if (counts(parent.Plan))
            {
                (layers ??= []).Add(n.Id);
            }
        }

        layers?.Reverse();
        return layers;
    }

    /// <summary>The innermost layer <paramref name="node"/> writes into (<see cref="Of"/>'s last), found without building the list.</summary>
    public static string? Innermost(NodeInstance node)
    {
        for (var n = node; n.Parent is { } parent; n = parent)
        {
            if (parent.Plan.Isolates)
            {
                return n.Id;
            }
        }

        return null;
    }

    /// <summary>A branch's name in a conflict: its <c>name</c> if it has one (Codefresh's <c>title</c>), else its id.</summary>
    public static string BranchName(NodeInstance branch) => branch.Plan.Source?.Name ?? branch.Id;
}
