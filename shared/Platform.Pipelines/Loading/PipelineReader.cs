using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using Platform.Pipelines.Validation;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>Reads the pipeline's own fields (docs/pipelines.md, "The file") and its two step lists.</summary>
internal sealed class PipelineReader(ReaderContext context)
{
    private readonly ValueReader _values = new(context);

    public PipelineDefinition? Read(YamlNode root)
    {
        if (root is not YamlMappingNode map)
        {
            context.Error(root, $"a pipeline must be a mapping with 'id' and 'steps'; found {YamlShape.Describe(root)}");
            return null;
        }

        var fields = FieldSet.Of(context, map, "the pipeline", KnownKeys.Pipeline);
        string id = "";
        if (fields.Value("id") is { } idNode)
        {
            id = _values.String(idNode, "id") ?? "";
            if (id.Length > 0 && !IdFormat.IsValid(id))
            {
                context.Error(idNode, $"invalid pipeline id '{YamlShape.Shorten(id)}': {IdFormat.Rule}");
            }
        }
        else
        {
            context.Error(map, "the pipeline needs an 'id', e.g. id: release");
        }

        var description = fields.Value("description") is { } d ? _values.String(d, "description") : null;
        var inputs = fields.Value("inputs") is { } i ? ReadInputs(i) : [];
        context.SecretInputs.UnionWith(inputs.Where(input => input.Type == InputType.Secret).Select(input => input.Name));
        var secrets = fields.Value("secrets") is { } secretsNode ? ReadSecrets(secretsNode, inputs) : [];
        int? concurrency = fields.Value("concurrency") is { } c ? _values.Int(c, "concurrency", min: 1) : null;
        var failFast = fields.Value("failFast") is not { } ff || (_values.Bool(ff, "failFast") ?? true);
        var timeout = fields.Value("timeout") is { } t ? _values.Duration(t, "timeout", positive: true) : null;
        var mode = PipelineMode.Sequential;
        if (fields.Value("mode") is { } modeNode && _values.String(modeNode, "mode") is { } modeText)
        {
            switch (modeText)
            {
                case "sequential": break;
                case "dag": mode = PipelineMode.Dag; break;
                default:
                    context.Error(modeNode, $"invalid mode '{YamlShape.Shorten(modeText)}': use sequential or dag{DidYouMean.Hint(modeText, ["sequential", "dag"])}");
                    break;
            }
        }

        var nodes = new NodeReader(context);
        List<Node> steps = [];
        if (fields.Value("steps") is { } stepsNode)
        {
            steps = nodes.ReadList(stepsNode, "steps", "", "", 0);
            if (stepsNode is YamlSequenceNode { Children.Count: 0 })
            {
                context.Error(stepsNode, "'steps' is empty: a pipeline needs at least one step");
            }
        }
        else
        {
            context.Error(map, "the pipeline needs 'steps': the list of its steps");
        }

        var @finally = fields.Value("finally") is { } f ? nodes.ReadList(f, "finally", "finally-", "", 0) : [];
        var notify = fields.Value("notify") is { } n ? ReadNotify(n) : [];
        return new PipelineDefinition(id, description, inputs, concurrency, failFast, timeout, mode, steps, @finally, notify, context.At(map))
        {
            Secrets = [.. inputs.Where(input => input.Type == InputType.Secret).Select(input => input.Name), .. secrets],
            Runs = fields.Value("runs") is { } runsNode ? new RunGroupReader(context, _values).Read(runsNode, inputs) : null,
            OnConflict = new WorkspaceReader(context, _values).OnConflict(fields) ?? ConflictPolicy.Fail,
        };
    }

    /// <summary>`secrets: [DEPLOY_TOKEN]`: names of environment variables given with --secret at run time.</summary>
    private List<string> ReadSecrets(YamlNode node, List<InputDefinition> inputs)
    {
        var names = new List<string>();
        if (_values.StringList(node, "secrets") is not { } entries)
        {
            return names;
        }

        foreach (var (name, at) in entries)
        {
            if (!EnvName.IsValid(name))
            {
                context.Error(at, $"invalid secret name '{YamlShape.Shorten(name)}': it is an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
            }
            else if (names.Contains(name) || inputs.Any(input => input.Name == name))
            {
                context.Error(at, $"'{name}' is declared twice (a secret and an input share one namespace)");
            }
            else
            {
                names.Add(name);
            }
        }

        return names;
    }

    private List<InputDefinition> ReadInputs(YamlNode node)
    {
        var inputs = new List<InputDefinition>();
        if (node is not YamlMappingNode map)
        {
            context.Error(node, $"'inputs' must be a mapping of name: {{ type, default }}; found {YamlShape.Describe(node)}");
            return inputs;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!IdFormat.IsValidInputName(name))
            {
                context.Error(keyNode, $"invalid input name '{YamlShape.Shorten(name)}': use letters, digits, '_' and '-', starting with a letter or '_'");
                continue;
            }

            if (valueNode is not YamlMappingNode spec)
            {
                // `env: dev` is shorthand for a string input with that default.
                var shorthand = YamlShape.IsNull(valueNode) ? null : _values.Literal(valueNode, $"inputs.{name}");
                inputs.Add(new InputDefinition(name, TypeOf(shorthand), shorthand, null, context.At(keyNode)));
                continue;
            }

            var fields = FieldSet.Of(context, spec, $"input '{name}'", KnownKeys.Input);
            var type = InputType.String;
            if (fields.Value("type") is { } typeNode && _values.String(typeNode, "type") is { } typeText)
            {
                switch (typeText)
                {
                    case "string": type = InputType.String; break;
                    case "number": type = InputType.Number; break;
                    case "boolean" or "bool": type = InputType.Boolean; break;
                    case "list": type = InputType.List; break;
                    case "secret": type = InputType.Secret; break;
                    default:
                        context.Error(typeNode, $"invalid input type '{YamlShape.Shorten(typeText)}': use string, number, boolean, list or secret{DidYouMean.Hint(typeText, ["string", "number", "boolean", "list", "secret"])}");
                        break;
                }
            }

            if (type == InputType.Secret && !EnvName.IsValid(name))
            {
                context.Error(keyNode, $"invalid secret input name '{YamlShape.Shorten(name)}': a secret reaches steps as the environment variable of that name ([A-Za-z_][A-Za-z0-9_]*)");
            }

            if (type == InputType.Secret && fields.Value("default") is { } secretDefault)
            {
                context.Error(secretDefault, $"a secret input has no default: a default would be written in the pipeline file; give it with --secret {name}");
            }

            Value? @default = null;
            if (type != InputType.Secret && fields.Value("default") is { } defaultNode && _values.Literal(defaultNode, $"inputs.{name}.default") is { } literal)
            {
                @default = InputBinder.Coerce(literal, type, out var problem);
                if (problem is not null)
                {
                    context.Error(defaultNode, $"the default of input '{name}' {problem}");
                }
            }

            var description = fields.Value("description") is { } d ? _values.String(d, "description") : null;
            inputs.Add(new InputDefinition(name, type, @default, description, context.At(keyNode)));
        }

        return inputs;
    }

    private static InputType TypeOf(Value? value) => value switch
    {
        NumberValue => InputType.Number,
        BoolValue => InputType.Boolean,
        ListValue => InputType.List,
        _ => InputType.String,
    };

    private List<NotifyDefinition> ReadNotify(YamlNode node)
    {
        var result = new List<NotifyDefinition>();
        if (node is not YamlSequenceNode list)
        {
            context.Error(node, $"'notify' must be a list such as - {{ on: [failed], webhook: URL }}; found {YamlShape.Describe(node)}");
            return result;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                context.Error(item, $"a notify entry must be a mapping such as {{ on: [failed], webhook: URL }}; found {YamlShape.Describe(item)}");
                continue;
            }

            var fields = FieldSet.Of(context, map, "a notify entry", KnownKeys.Notify);
            var on = new List<RunOutcome>();
            if (fields.Value("on") is { } onNode && _values.StringList(onNode, "on") is { } outcomes)
            {
                foreach (var (text, at) in outcomes)
                {
                    switch (text)
                    {
                        case "succeeded": on.Add(RunOutcome.Succeeded); break;
                        case "failed": on.Add(RunOutcome.Failed); break;
                        case "cancelled": on.Add(RunOutcome.Cancelled); break;
                        default:
                            context.Error(at, $"invalid outcome '{YamlShape.Shorten(text)}': use succeeded, failed or cancelled{DidYouMean.Hint(text, ["succeeded", "failed", "cancelled"])}");
                            break;
                    }
                }
            }
            else if (!fields.Has("on"))
            {
                on.AddRange([RunOutcome.Succeeded, RunOutcome.Failed, RunOutcome.Cancelled]);
            }

            var targets = new[] { "webhook", "email", "log" }.Where(fields.Has).ToList();
            if (targets.Count != 1)
            {
                context.Error(map, targets.Count == 0
                    ? "a notify entry needs one target: webhook, email or log"
                    : $"a notify entry has one target; found {string.Join(" and ", targets)}: write one entry per target");
            }

            string? Text(string key) => fields.Value(key) is { } v ? _values.String(v, key) : null;
            var webhook = Text("webhook");
            if (webhook is not null && !(Uri.TryCreate(webhook, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                context.Error(fields.Value("webhook")!, $"'webhook' must be an http(s) URL; found '{YamlShape.Shorten(webhook)}'");
            }

            var email = Text("email");
            if (email is not null && !email.Contains('@', StringComparison.Ordinal))
            {
                context.Error(fields.Value("email")!, $"'email' must be an address such as ops@example.com; found '{YamlShape.Shorten(email)}'");
            }

            result.Add(new NotifyDefinition(on, webhook, email, fields.Has("log") ? Text("log") ?? "" : null, context.At(map)));
        }

        return result;
    }
}
