using Platform.Pipelines.Model;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Reads <c>lock:</c>: a name (a mutex), <c>{ name, limit }</c> (a semaphore), or a list of either.
/// The same name twice on one node is an error: it could never be granted.
/// </summary>
internal sealed class LockReader(ReaderContext context, ValueReader values)
{
    /// <summary>What a lock name may hold once its templates are rendered (checked again then).</summary>
    public const string NameRule = "use letters, digits and '-', '_', '.', ':', '/' (at most 200 characters)";

    public IReadOnlyList<LockSpec> Read(YamlNode node, NodeSource source)
    {
        var items = node is YamlSequenceNode list ? list.Children : [node];
        var locks = new List<LockSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (ReadOne(item, source) is not { } spec)
            {
                continue;
            }

            if (!seen.Add(spec.Name.Text))
            {
                context.Error(item, $"lock '{YamlShape.Shorten(spec.Name.Text)}' is taken twice by one node");
                continue;
            }

            locks.Add(spec);
        }

        return locks;
    }

    private LockSpec? ReadOne(YamlNode node, NodeSource source)
    {
        switch (node)
        {
            case YamlScalarNode s when !YamlShape.IsNull(s):
                return Name(s, source) is { } name ? new LockSpec(name, 1) : null;
            case YamlMappingNode map:
                var fields = FieldSet.Of(context, map, "a lock", KnownKeys.Lock);
                if (fields.Value("name") is not YamlScalarNode nameNode)
                {
                    context.Error(map, "a lock needs a 'name' (a string), e.g. { name: staging, limit: 2 }");
                    return null;
                }

                var limit = fields.Value("limit") is { } l ? values.Int(l, "limit", min: 1) : 1;
                return Name(nameNode, source) is { } named && limit is { } n ? new LockSpec(named, n) : null;
            default:
                context.Error(node, $"'lock' must be a name, {{ name, limit }}, or a list of them; found {YamlShape.Describe(node)}");
                return null;
        }
    }

    private Expressions.Template? Name(YamlScalarNode node, NodeSource source)
    {
        if (values.Template(node, "lock", source) is not { } template)
        {
            return null;
        }

        var literal = string.Concat(template.Parts().Select(p => p.Literal ?? ""));
        if (template.Text.Trim().Length == 0 || (template.IsLiteral && !IsValidName(template.Text)) || !literal.All(IsNameChar))
        {
            context.Error(node, $"invalid lock name '{YamlShape.Shorten(template.Text)}': {NameRule}");
            return null;
        }

        return template;
    }

    public static bool IsValidName(string name) => name.Length is > 0 and <= 200 && name.All(IsNameChar);

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/';
}
