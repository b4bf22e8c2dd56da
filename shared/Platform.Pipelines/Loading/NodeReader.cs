using Platform.Pipelines.Model;
using Platform.Pipelines.Validation;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Reads a list of steps and groups. An item is a group when it holds a group key
/// (`parallel`, `sequential`, `dag`, `forEach`), otherwise a step.
/// </summary>
internal sealed class NodeReader
{
    private readonly ReaderContext _context;
    private readonly ValueReader _values;
    private readonly StepReader _steps;
    private readonly GroupReader _groups;

    public NodeReader(ReaderContext context)
    {
        _context = context;
        _values = new ValueReader(context);
        _steps = new StepReader(context, _values);
        _groups = new GroupReader(context, _values, this);
    }

    /// <param name="prefix">Prepended to generated ids: "" for steps, "finally-" for finally.</param>
    /// <param name="path">Position path of the enclosing group ("" at the top, "3-1" inside).</param>
    /// <param name="depth">Number of groups enclosing the items.</param>
    public List<Node> ReadList(YamlNode node, string field, string prefix, string path, int depth)
    {
        if (node is not YamlSequenceNode list)
        {
            _context.Error(node, $"'{field}' must be a list of steps; found {YamlShape.Describe(node)}");
            return [];
        }

        var nodes = new List<Node>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (_context.NodeLimitReached)
            {
                break;
            }

            var itemPath = path.Length == 0 ? $"{i + 1}" : $"{path}-{i + 1}";
            if (ReadItem(list.Children[i], prefix, itemPath, depth) is { } read)
            {
                nodes.Add(read);
            }
        }

        return nodes;
    }

    private Node? ReadItem(YamlNode item, string prefix, string path, int depth)
    {
        if (++_context.DeclaredNodes > Limits.MaxDeclaredNodes)
        {
            _context.NodeLimitReached = true;
            _context.Error(item, $"too many steps and groups: a pipeline may declare at most {Limits.MaxDeclaredNodes}");
            return null;
        }

        if (item is not YamlMappingNode map)
        {
            var hint = item is YamlScalarNode s && !YamlShape.IsNull(s) ? $"; did you mean '- run: {YamlShape.Shorten(s.Value ?? "")}'?" : "";
            _context.Error(item, $"a step must be a mapping such as {{ id: build, run: make }}; found {YamlShape.Describe(item)}{hint}");
            return null;
        }

        var kinds = map.Children.Keys.OfType<YamlScalarNode>().Where(k => KnownKeys.GroupKinds.Contains(k.Value)).ToList();
        if (kinds.Count == 0)
        {
            return _steps.Read(map, this, prefix, path);
        }

        if (kinds.Count > 1)
        {
            _context.Error(kinds[1], $"an item is one group; found '{kinds[0].Value}' and '{kinds[1].Value}'");
        }

        foreach (var action in map.Children.Keys.OfType<YamlScalarNode>().Where(k => KnownKeys.Actions.Contains(k.Value)))
        {
            _context.Error(action, $"a group has no action of its own; found '{kinds[0].Value}' and '{action.Value}': put the step inside the group");
        }

        return _groups.Read(map, kinds[0], prefix, path, depth);
    }

    /// <summary>Id, name, if, timeout, needs, when, allowFailure; <paramref name="kind"/> names generated ids.</summary>
    public CommonFields ReadCommon(FieldSet fields, NodeSource source, string kind, string prefix, string path)
    {
        string id;
        var generated = false;
        if (fields.Value("id") is { } idNode && _values.String(idNode, "id") is { } given)
        {
            id = given;
            source.Id = _context.At(idNode);
            if (!IdFormat.IsValid(given))
            {
                _context.Error(idNode, $"invalid id '{YamlShape.Shorten(given)}': {IdFormat.Rule}");
            }
        }
        else
        {
            id = _context.Ids.Generate(prefix + kind, path);
            generated = true;
        }

        var name = fields.Value("name") is { } nameNode ? _values.String(nameNode, "name") : null;
        var condition = fields.Value("if") is { } ifNode ? _values.Expression(ifNode, "if", source) : null;
        var timeout = fields.Value("timeout") is { } t ? _values.Duration(t, "timeout", positive: true) : null;
        var allowFailure = fields.Value("allowFailure") is { } af && (_values.Bool(af, "allowFailure") ?? false);

        var needs = new List<string>();
        if (fields.Value("needs") is { } needsNode && _values.StringList(needsNode, "needs") is { } list)
        {
            source.NeedsKey = _context.At(fields.Key("needs")!);
            foreach (var (text, node) in list)
            {
                needs.Add(text);
                source.Needs.Add((text, _context.At(node)));
            }
        }

        var when = When.Success;
        if (fields.Value("when") is { } whenNode && _values.String(whenNode, "when") is { } whenText)
        {
            switch (whenText)
            {
                case "success": when = When.Success; break;
                case "failure": when = When.Failure; break;
                case "always": when = When.Always; break;
                default:
                    _context.Error(whenNode, $"invalid when '{YamlShape.Shorten(whenText)}': use success, failure or always{DidYouMean.Hint(whenText, ["success", "failure", "always"])}");
                    break;
            }
        }

        IReadOnlyList<LockSpec> locks = [];
        if (fields.Value("lock") is { } lockNode)
        {
            source.LockKey = _context.At(fields.Key("lock")!);
            locks = new LockReader(_context, _values).Read(lockNode, source);
        }

        return new CommonFields(id, generated, name, condition, timeout, needs, when, allowFailure, locks);
    }
}
