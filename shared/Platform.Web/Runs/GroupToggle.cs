using Platform.Pipelines.Model;

namespace Platform.Web.Runs;

/// <summary>
/// The groups a "toggle and simulate" can make sequential: those whose children may run at once
/// (the toggle itself is <see cref="Pipelines.Simulation.GroupCaps"/> with a cap of 1, as <c>simulate --sequential GROUP</c>).
/// </summary>
internal static class GroupToggle
{
    public static IEnumerable<GroupNode> Toggleable(PipelineDefinition pipeline) =>
        All(pipeline.Steps.Concat(pipeline.Finally)).Where(g => g is not SequentialGroup && g.Concurrency != 1);

    private static IEnumerable<GroupNode> All(IEnumerable<Node> nodes) =>
        nodes.OfType<GroupNode>().SelectMany(g => All(g.Children).Prepend(g));
}
