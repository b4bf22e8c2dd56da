using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>Reads one step: its common fields, exactly one action, retry, env and workdir.</summary>
internal sealed class StepReader(ReaderContext context, ValueReader values)
{
    private readonly ActionReader _actions = new(context, values);
    private readonly RetryReader _retry = new(context, values);
    private readonly ArtifactReader _artifacts = new(context, values);

    public StepNode Read(YamlMappingNode map, NodeReader nodes, string prefix, string path)
    {
        var source = new NodeSource(context.At(map));
        var fields = FieldSet.Of(context, map, "a step", KnownKeys.Step, KnownKeys.StepSuggestions);
        var common = nodes.ReadCommon(fields, source, "step", prefix, path);

        var actionKeys = map.Children.Keys.OfType<YamlScalarNode>().Where(k => KnownKeys.Actions.Contains(k.Value)).ToList();
        StepAction? action = null;
        if (actionKeys.Count == 0)
        {
            context.Error(map, "a step needs an action: one of run, sleep, http or approval");
        }
        else
        {
            if (actionKeys.Count > 1)
            {
                var names = actionKeys.Select(k => $"'{k.Value}'").ToList();
                var found = string.Join(", ", names[..^1]) + " and " + names[^1];
                context.Error(actionKeys[1], $"a step has exactly one action; found {found}");
            }

            var key = actionKeys[0];
            action = _actions.Read(key, map.Children[key], source);
        }

        var retry = fields.Value("retry") is { } r ? _retry.Read(r) : null;
        var workdir = fields.Value("workdir") is { } w ? values.Template(w, "workdir", source) : null;
        var env = fields.Value("env") is { } e ? ReadEnv(e, source) : new Dictionary<string, Template>();
        var artifacts = fields.Value("artifacts") is { } a ? _artifacts.Read(a, common.Id) : [];

        var step = new StepNode
        {
            Id = common.Id,
            Location = source.Item,
            // A placeholder keeps a broken step in the tree so later checks still see its id.
            Action = action ?? new RunAction([]),
            Retry = retry,
            Env = env,
            Workdir = workdir,
            Artifacts = artifacts,
        };
        step = common.ApplyTo(step);
        context.SourceMap.Add(step, source);
        return step;
    }

    private Dictionary<string, Template> ReadEnv(YamlNode node, NodeSource source)
    {
        var env = new Dictionary<string, Template>(StringComparer.Ordinal);
        if (node is not YamlMappingNode map)
        {
            context.Error(node, $"'env' must be a mapping of NAME: value; found {YamlShape.Describe(node)}");
            return env;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!EnvName.IsValid(name))
            {
                context.Error(keyNode, $"invalid environment variable name '{YamlShape.Shorten(name)}': use letters, digits and '_', not starting with a digit");
                continue;
            }

            if (values.Template(valueNode, $"env.{name}", source) is { } template)
            {
                env[name] = template;
            }
        }

        return env;
    }
}
