using Platform.Pipelines.Model;
using Platform.Pipelines.Validation;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Reads <c>runs: { key, limit, onLimit, maxQueued }</c>. The key is a template over the run's inputs
/// only (nothing else exists before the run starts).
/// </summary>
internal sealed class RunGroupReader(ReaderContext context, ValueReader values)
{
    private static readonly string[] Policies = ["queue", "cancel-running", "cancel-queued", "fail"];

    public RunGroup? Read(YamlNode node, IReadOnlyList<InputDefinition> inputs)
    {
        if (node is not YamlMappingNode map)
        {
            context.Error(node, $"'runs' must be a mapping such as {{ key: \"deploy-{{{{ inputs.env }}}}\", limit: 1, onLimit: queue }}; found {YamlShape.Describe(node)}");
            return null;
        }

        var fields = FieldSet.Of(context, map, "runs", KnownKeys.Runs);
        if (fields.Value("key") is not { } keyNode)
        {
            context.Error(map, "'runs' needs a 'key': runs with the same key share the limit");
            return null;
        }

        var key = values.Template(keyNode, "runs.key", null);
        if (key is not null)
        {
            foreach (var reference in key.References())
            {
                if (reference.Segments is not ["inputs", var name] || inputs.All(i => i.Name != name))
                {
                    context.Error(context.Locate((YamlScalarNode)keyNode).At(reference.Offset),
                        $"'runs.key' may use only the pipeline's inputs (inputs.NAME); found '{reference}'");
                }
            }
        }

        var limit = fields.Value("limit") is { } l ? values.Int(l, "limit", min: 1) : 1;
        var onLimit = OnLimit.Queue;
        if (fields.Value("onLimit") is { } policyNode && values.String(policyNode, "onLimit") is { } policy)
        {
            switch (policy)
            {
                case "queue": onLimit = OnLimit.Queue; break;
                case "cancel-running": onLimit = OnLimit.CancelRunning; break;
                case "cancel-queued": onLimit = OnLimit.CancelQueued; break;
                case "fail": onLimit = OnLimit.Fail; break;
                default:
                    context.Error(policyNode, $"invalid onLimit '{YamlShape.Shorten(policy)}': use {string.Join(", ", Policies)}{DidYouMean.Hint(policy, Policies)}");
                    break;
            }
        }

        int? maxQueued = fields.Value("maxQueued") is { } m ? values.Int(m, "maxQueued", min: 0) : null;
        if (maxQueued is not null && onLimit != OnLimit.Queue)
        {
            context.Error(fields.Key("maxQueued")!, "'maxQueued' caps the line of 'onLimit: queue' only");
        }

        return key is null || limit is null ? null : new RunGroup(key, limit.Value, onLimit, maxQueued);
    }
}
