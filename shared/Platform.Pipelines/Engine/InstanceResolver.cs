using System.Globalization;
using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Resolves template and condition paths for one node of a run: <c>run.*</c>, <c>step.*</c>,
/// <c>inputs.NAME</c>, <c>item</c>, <c>steps.ID.status|outputs.KEY|exitCode|attempts</c>. Inside a
/// forEach item, <c>steps.build</c> means that item's <c>build[i]</c>. In strict mode (templates) a
/// missing output is an error rather than an empty string; conditions stay lenient (null is false).
/// </summary>
internal sealed class InstanceResolver(EngineState state, NodeInstance node, DateTimeOffset now, bool strict) : IValueResolver
{
    /// <summary>Inputs of <c>type: secret</c>: run commands reference their variables; their values are never here.</summary>
    public IReadOnlySet<string> SecretInputs => _secretInputs ??= state.Plan.Pipeline.Inputs
        .Where(i => i.Type == Model.InputType.Secret).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);

    private HashSet<string>? _secretInputs;

    public Value? Resolve(IReadOnlyList<string> path)
    {
        var (head, headIndexes) = Split(path[0]);
        var value = head switch
        {
            "run" => Run(path),
            "step" => Step(path),
            "inputs" => path.Count > 1 ? Input(path) : Value.Null,
            "item" => CurrentItem(),
            "items" => EnclosingItems(),
            "steps" => Steps(path),
            _ => null,
        };
        return Index(value, headIndexes);
    }

    private Value? Run(IReadOnlyList<string> path) => path.Count < 2 ? null : path[1] switch
    {
        "id" => Value.Of(state.RunId),
        "name" => Value.Of(state.RunName ?? state.RunId),
        "pipeline" => Value.Of(state.Plan.Pipeline.Id),
        "startedAt" => Value.Of(Iso(state.StartedAt ?? now)),
        _ => null,
    };

    private Value? Step(IReadOnlyList<string> path) => path.Count < 2 ? null : path[1] switch
    {
        "id" => Value.Of(node.Id),
        "name" => Value.Of(node.Plan.Source?.Name ?? node.Id),
        "startedAt" => Value.Of(Iso(node.StartedAt ?? now)),
        "attempt" => Value.Of(Math.Max(1, (node as StepInstance)?.Attempt ?? 1)),
        _ => null,
    };

    private Value? Input(IReadOnlyList<string> path)
    {
        var (name, indexes) = Split(path[1]);
        if (!state.Inputs.TryGetValue(name, out var value))
        {
            return strict ? throw new TemplateException($"input '{name}' has no value") : null;
        }

        return Index(value, indexes);
    }

    private Value? CurrentItem()
    {
        for (var n = node; n is not null; n = n.Parent)
        {
            if (n is GroupInstance { Plan.Kind: PlanKind.Item } item)
            {
                return item.Item;
            }
        }

        return strict ? throw new TemplateException("'item' is only defined inside forEach") : null;
    }

    /// <summary>The items of every enclosing forEach, outermost first: <c>items[0]</c> is the outer item in a nested forEach.</summary>
    private Value? EnclosingItems()
    {
        var items = new List<Value>();
        for (var n = node; n is not null; n = n.Parent)
        {
            if (n is GroupInstance { Plan.Kind: PlanKind.Item } item)
            {
                items.Add(item.Item ?? Value.Null);
            }
        }

        if (items.Count == 0)
        {
            return strict ? throw new TemplateException("'items' is only defined inside forEach") : null;
        }

        items.Reverse();
        return Value.Of(items);
    }

    private Value? Steps(IReadOnlyList<string> path)
    {
        if (path.Count < 2)
        {
            return null;
        }

        var target = FindStep(path[1]);
        if (target is null)
        {
            return strict ? throw new TemplateException($"step '{path[1]}' is not part of this run") : null;
        }

        if (path.Count < 3)
        {
            return Value.Of(target.Status.ToWire());
        }

        switch (path[2])
        {
            case "status":
                return Value.Of(target.Status.ToWire());
            case "exitCode":
                return (target as StepInstance)?.ExitCode is { } code ? Value.Of(code) : Value.Null;
            case "attempts":
                return Value.Of((target as StepInstance)?.Attempt ?? 0);
            case "startedAt":
                return target.StartedAt is { } s ? Value.Of(Iso(s)) : Value.Null;
            case "finishedAt":
                return target.FinishedAt is { } f ? Value.Of(Iso(f)) : Value.Null;
            case "outputs" when path.Count == 3:
                return Value.Of(string.Join(",", Outputs(target).Keys));
            case "outputs":
                if (Outputs(target).TryGetValue(path[3], out var output))
                {
                    return Value.Of(output);
                }

                return strict
                    ? throw new TemplateException($"step '{target.Id}' has no output '{path[3]}' (it is {target.Status.ToWire()})")
                    : null;
            default:
                return null;
        }
    }

    private static IReadOnlyDictionary<string, string> Outputs(NodeInstance target) =>
        (target as StepInstance)?.Outputs ?? new Dictionary<string, string>();

    /// <summary>The nearest instance with that id: this item's copy first, then outer items, then global.</summary>
    private NodeInstance? FindStep(string id)
    {
        var suffix = node.Suffix;
        while (true)
        {
            if (state.Find(id + suffix) is { } found)
            {
                return found;
            }

            if (suffix.Length == 0)
            {
                return null;
            }

            suffix = suffix[..suffix.LastIndexOf('[')];
        }
    }

    private static (string Name, int[] Indexes) Split(string segment)
    {
        var bracket = segment.IndexOf('[');
        if (bracket < 0)
        {
            return (segment, []);
        }

        var indexes = segment[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (segment[..bracket], indexes);
    }

    private Value? Index(Value? value, int[] indexes)
    {
        foreach (var i in indexes)
        {
            if (value is ListValue list && i >= 0 && i < list.Items.Count)
            {
                value = list.Items[i];
            }
            else
            {
                return strict ? throw new TemplateException($"index [{i}] is out of range") : null;
            }
        }

        return value;
    }

    internal static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
