using Platform.Pipelines.Model;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// `retry: { attempts, delay, backoff, maxDelay }`, or `retry: 3` for attempts alone.
/// Defaults: a 1s delay and no backoff (1), so a bare retry does not hammer a failing service.
/// </summary>
internal sealed class RetryReader(ReaderContext context, ValueReader values)
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(1);

    public RetryPolicy? Read(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            return values.Int(node, "retry", min: 1) is { } n ? new RetryPolicy(n, DefaultDelay, 1, null) : null;
        }

        if (node is not YamlMappingNode map)
        {
            context.Error(node, $"'retry' must be a mapping such as {{ attempts: 3, delay: 2s }}; found {YamlShape.Describe(node)}");
            return null;
        }

        var fields = FieldSet.Of(context, map, "retry", KnownKeys.Retry);
        int? attempts = null;
        if (fields.Value("attempts") is { } a)
        {
            attempts = values.Int(a, "attempts", min: 1);
        }
        else
        {
            context.Error(map, "'retry' needs 'attempts' (how many tries in all, the first one included)");
        }

        var delay = fields.Value("delay") is { } d ? values.Duration(d, "delay", positive: false) : DefaultDelay;
        double? backoff = 1;
        if (fields.Value("backoff") is { } b)
        {
            backoff = values.Number(b, "backoff");
            if (backoff is < 1)
            {
                context.Error(b, $"'backoff' must be at least 1 (it multiplies the delay); found '{((YamlScalarNode)b).Value}'");
                backoff = null;
            }
        }

        TimeSpan? maxDelay = null;
        if (fields.Value("maxDelay") is { } m)
        {
            maxDelay = values.Duration(m, "maxDelay", positive: false);
            if (maxDelay is { } max && delay is { } first && max < first)
            {
                context.Error(m, $"'maxDelay' ({((YamlScalarNode)m).Value}) is shorter than 'delay'");
            }
        }

        return attempts is { } n2 && delay is { } dl && backoff is { } bo ? new RetryPolicy(n2, dl, bo, maxDelay) : null;
    }
}
