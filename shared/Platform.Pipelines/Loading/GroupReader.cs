using System.Globalization;
using Platform.Pipelines.Model;
using Platform.Pipelines.Validation;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Reads a group: <c>parallel</c>, <c>sequential</c>, <c>dag</c> or <c>forEach</c>. The kind key holds
/// either the children (<c>parallel: [ ... ]</c>) or a mapping of options with <c>steps</c>; options
/// may also sit beside the kind key, as the common fields (<c>id</c>, <c>if</c>, …) usually do.
/// </summary>
internal sealed class GroupReader(ReaderContext context, ValueReader values, NodeReader nodes)
{
    public Node? Read(YamlMappingNode map, YamlScalarNode kindKey, string prefix, string path, int depth)
    {
        var kind = kindKey.Value!;
        var source = new NodeSource(context.At(map));
        var where = $"a {kind} group";
        var fields = new FieldSet(context, where, KnownKeys.Group(kind), [.. KnownKeys.Group(kind), .. KnownKeys.GroupKinds]);
        fields.AddAll(map, skip: kind);
        var body = map.Children[kindKey];
        YamlNode? stepsNode = null;
        switch (body)
        {
            case YamlSequenceNode:
                stepsNode = body;
                break;
            case YamlMappingNode options:
                fields.AddAll(options);
                stepsNode = fields.Value("steps");
                break;
            default:
                context.Error(YamlShape.IsNull(body) ? kindKey : body,
                    $"'{kind}' must hold a list of steps or a mapping with 'steps'; found {YamlShape.Describe(body)}");
                break;
        }

        var common = nodes.ReadCommon(fields, source, kind, prefix, path);
        if (depth + 1 > Limits.MaxNestingDepth)
        {
            if (!context.DepthLimitReported)
            {
                context.DepthLimitReported = true;
                context.Error(kindKey, $"groups are nested too deeply: at most {Limits.MaxNestingDepth} levels");
            }

            return null;
        }

        List<Node> children = [];
        if (stepsNode is not null)
        {
            children = nodes.ReadList(stepsNode, "steps", prefix, path, depth + 1);
        }
        else if (body is YamlMappingNode)
        {
            context.Error(kindKey, $"{where} needs 'steps': the list of its steps");
        }

        bool? failFast = fields.Value("failFast") is { } ff ? values.Bool(ff, "failFast") : null;
        int? concurrency = fields.Value("concurrency") is { } c ? values.Int(c, "concurrency", min: 1) : null;
        var stagger = fields.Value("stagger") is { } s ? values.Duration(s, "stagger", positive: true) : null;

        GroupNode group = kind switch
        {
            "parallel" => new ParallelGroup { Id = common.Id, Children = children, Location = source.Item, Wait = ReadWait(fields, children.Count) },
            "sequential" => new SequentialGroup { Id = common.Id, Children = children, Location = source.Item },
            "dag" => new DagGroup { Id = common.Id, Children = children, Location = source.Item },
            _ => new ForEachGroup { Id = common.Id, Children = children, Location = source.Item, Items = ReadItems(fields, kindKey, source) },
        };
        var workspace = new WorkspaceReader(context, values);
        group = common.ApplyTo(group) with
        {
            FailFast = failFast,
            Concurrency = concurrency,
            Stagger = stagger,
            Isolate = workspace.Isolate(fields),
            OnConflict = workspace.OnConflict(fields),
        };
        context.SourceMap.Add(group, source);
        return group;
    }

    private WaitPolicy ReadWait(FieldSet fields, int children)
    {
        if (fields.Value("wait") is not { } node)
        {
            return WaitPolicy.All;
        }

        var text = (node as YamlScalarNode)?.Value ?? "";
        switch (text)
        {
            case "all": return WaitPolicy.All;
            case "any": return WaitPolicy.Any;
            case "none": return WaitPolicy.None;
        }

        if (node is YamlScalarNode && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            if (n < 1)
            {
                context.Error(node, "'wait' as a number is a quorum and must be at least 1");
            }
            else if (n > children)
            {
                context.Error(node, $"'wait: {n}' can never be met: the group has {children} step{(children == 1 ? "" : "s")}");
            }
            else
            {
                return WaitPolicy.Quorum(n);
            }

            return WaitPolicy.All;
        }

        context.Error(node, $"invalid wait '{YamlShape.Shorten(text)}': use all, any, none or a number of steps{DidYouMean.Hint(text, ["all", "any", "none"])}");
        return WaitPolicy.All;
    }

    private ItemsSource ReadItems(FieldSet fields, YamlScalarNode kindKey, NodeSource source)
    {
        if (fields.Value("items") is not { } node)
        {
            context.Error(kindKey, "a forEach group needs 'items': a list, or a template such as \"{{ inputs.regions }}\"");
            return new ItemsSource([], null);
        }

        source.Items = context.At(node);
        if (node is YamlSequenceNode list)
        {
            if (list.Children.Count > Limits.MaxLiteralForEachItems)
            {
                context.Error(node, $"too many items: a literal list may hold at most {Limits.MaxLiteralForEachItems}");
                return new ItemsSource([], null);
            }

            var items = list.Children.Select(child => values.Literal(child, "items")).OfType<Expressions.Value>().ToList();
            return new ItemsSource(items, null);
        }

        return values.Template(node, "items", source) is { } template
            ? new ItemsSource(null, template)
            : new ItemsSource([], null);
    }
}
