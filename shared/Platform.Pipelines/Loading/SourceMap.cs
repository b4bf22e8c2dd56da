using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Node → where its parts were written. Keyed by reference: two identical steps are still two
/// places in the file.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<Node, NodeSource> _sources = new(ReferenceEqualityComparer.Instance);

    public void Add(Node node, NodeSource source) => _sources[node] = source;

    public NodeSource Of(Node node) =>
        _sources.TryGetValue(node, out var source) ? source : new NodeSource(node.Location);
}
