using Platform.Pipelines.Model;

namespace Platform.Web.Runs;

/// <summary>
/// The article's "toggle and simulate": the same pipeline with chosen groups run one child at a time
/// (concurrency 1 — a DAG in topological order, a forEach one item at a time), nothing else changed.
/// </summary>
internal static class GroupToggle
{
    /// <summary>The groups whose children may run at once: those a toggle can make sequential.</summary>
    public static IEnumerable<GroupNode> Toggleable(PipelineDefinition pipeline) =>
        All(pipeline.Steps.Concat(pipeline.Finally)).Where(g => g is not SequentialGroup && g.Concurrency != 1);

    public static PipelineDefinition Sequential(PipelineDefinition pipeline, IReadOnlySet<string> groups) =>
        groups.Count == 0 ? pipeline : pipeline with { Steps = Map(pipeline.Steps, groups), Finally = Map(pipeline.Finally, groups) };

    private static IEnumerable<GroupNode> All(IEnumerable<Node> nodes) =>
        nodes.OfType<GroupNode>().SelectMany(g => All(g.Children).Prepend(g));

    private static Node[] Map(IReadOnlyList<Node> nodes, IReadOnlySet<string> groups) => [.. nodes.Select(n => n is GroupNode g
        ? g with { Children = Map(g.Children, groups), Concurrency = groups.Contains(g.Id) ? 1 : g.Concurrency, Stagger = groups.Contains(g.Id) ? null : g.Stagger }
        : n)];
}
