using Platform.Pipelines.Model;

namespace Platform.Pipelines.Simulation;

/// <summary>
/// <c>simulate --sequential GROUP</c> and <c>--concurrency GROUP=N</c>: the pipeline with those groups'
/// <c>concurrency</c> replaced (sequential is 1), to compare a change before making it in the file.
/// </summary>
public static class GroupCaps
{
    /// <returns>The changed pipeline, and the ids in <paramref name="caps"/> that name no group.</returns>
    public static (PipelineDefinition Pipeline, IReadOnlyList<string> Unknown) Apply(PipelineDefinition pipeline, IReadOnlyDictionary<string, int> caps)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Node Rewrite(Node node)
        {
            if (node is not GroupNode group)
            {
                return node;
            }

            var children = group.Children.Select(Rewrite).ToList();
            if (caps.TryGetValue(group.Id, out var cap))
            {
                found.Add(group.Id);
                return group with { Children = children, Concurrency = cap };
            }

            return group with { Children = children };
        }

        var changed = pipeline with { Steps = [.. pipeline.Steps.Select(Rewrite)], Finally = [.. pipeline.Finally.Select(Rewrite)] };
        return (changed, [.. caps.Keys.Where(id => !found.Contains(id)).Order(StringComparer.Ordinal)]);
    }
}
