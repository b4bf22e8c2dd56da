using Platform.Pipelines.Expressions;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Validation;

/// <summary>
/// Checks what the readers cannot see from one node: unique ids, <c>needs</c> that name siblings of
/// a DAG, cycles (named), and templates or conditions that name unknown steps, inputs or fields.
/// </summary>
internal sealed class PipelineValidator(ReaderContext context, PipelineDefinition pipeline)
{
    private static readonly string[] Roots = ["inputs", "steps", "run", "step", "item", "items"];
    private static readonly string[] StepFields = ["status", "outputs", "exitCode", "attempts", "startedAt", "finishedAt"];
    private static readonly string[] RunFields = ["id", "name", "pipeline", "startedAt"];
    private static readonly string[] SelfFields = ["id", "name", "startedAt", "attempt"];

    private readonly Dictionary<string, Node> _ids = new(StringComparer.Ordinal);

    public void Validate()
    {
        foreach (var node in All(pipeline.Steps).Concat(All(pipeline.Finally)))
        {
            var source = context.SourceMap.Of(node);
            if (source.ApprovalKey is { } approval && node is StepNode { Retry: not null })
            {
                // A decision is final: there is no second attempt at a gate to retry.
                context.Error(approval, "an approval step cannot have 'retry': a decision is final (give it a 'timeout' instead)");
            }

            if (!_ids.TryAdd(node.Id, node))
            {
                var first = _ids[node.Id];
                context.Error(source.Id, first.IdGenerated || node.IdGenerated
                    ? $"duplicate id '{node.Id}' (generated for the item at line {(node.IdGenerated ? node : first).Location.Line}): give the steps ids of their own"
                    : $"duplicate id '{node.Id}': first used on line {context.SourceMap.Of(first).Id.Line}");
            }
        }

        CheckNeeds(pipeline.Steps, pipeline.Mode == PipelineMode.Dag, "the top-level steps");
        CheckNeeds(pipeline.Finally, isDag: false, "finally");
        CheckReferences(pipeline.Steps, forEachDepth: 0);
        CheckReferences(pipeline.Finally, forEachDepth: 0);
        new NestedLockCheck(context).Check(pipeline.Steps.Concat(pipeline.Finally), []);
    }

    private static IEnumerable<Node> All(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
        {
            yield return node;
            if (node is GroupNode group)
            {
                foreach (var child in All(group.Children))
                {
                    yield return child;
                }
            }
        }
    }

    private void CheckNeeds(IReadOnlyList<Node> siblings, bool isDag, string where)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < siblings.Count; i++)
        {
            positions.TryAdd(siblings[i].Id, i);
        }

        foreach (var node in siblings)
        {
            var source = context.SourceMap.Of(node);
            if (!isDag && node.Needs.Count > 0)
            {
                context.Error(source.NeedsKey ?? source.Item,
                    $"'needs' only works between the steps of a dag group or with 'mode: dag'; {where} run in order");
            }
            else if (isDag)
            {
                foreach (var (need, at) in source.Needs)
                {
                    if (positions.ContainsKey(need))
                    {
                        continue;
                    }

                    context.Error(at, _ids.ContainsKey(need)
                        ? $"'{need}' is not a step of this dag: 'needs' names steps of the same dag (wrap groups around whole dags instead)"
                        : $"unknown need '{need}'{DidYouMean.Hint(need, positions.Keys)}");
                }
            }

            if (node is GroupNode group)
            {
                CheckNeeds(group.Children, group is DagGroup, $"the steps of {group.Id}");
            }
        }

        if (isDag)
        {
            FindCycles(siblings, positions);
        }
    }

    private void FindCycles(IReadOnlyList<Node> siblings, Dictionary<string, int> positions)
    {
        var state = new int[siblings.Count]; // 0 unvisited, 1 on the path, 2 done
        var path = new List<int>();
        for (var i = 0; i < siblings.Count; i++)
        {
            Visit(i);
        }

        void Visit(int i)
        {
            if (state[i] == 2)
            {
                return;
            }

            state[i] = 1;
            path.Add(i);
            foreach (var need in siblings[i].Needs)
            {
                if (positions.TryGetValue(need, out var p) && state[p] != 2)
                {
                    if (state[p] == 1)
                    {
                        // Report the cycle once, from where it closes.
                        var cycle = path.Skip(path.IndexOf(p)).Append(p).Select(x => siblings[x].Id);
                        var at = context.SourceMap.Of(siblings[i]).Needs.First(n => n.Name == need).Location;
                        context.Error(at, $"cycle in needs: {string.Join(" -> ", cycle)} (each step needs the next)");
                        continue;
                    }

                    Visit(p);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[i] = 2;
        }
    }

    private void CheckReferences(IEnumerable<Node> nodes, int forEachDepth)
    {
        foreach (var node in nodes)
        {
            foreach (var use in context.SourceMap.Of(node).Uses)
            {
                foreach (var reference in use.References)
                {
                    if (Problem(reference.Segments, forEachDepth) is { } problem)
                    {
                        context.Error(use.Locator.At(reference.Offset), $"in '{use.Field}': {problem}");
                    }
                    else if (use.Field != "run" && reference.Segments is ["inputs", var name, ..] && context.SecretInputs.Contains(Name(name)))
                    {
                        context.Error(use.Locator.At(reference.Offset),
                            $"in '{use.Field}': input '{Name(name)}' is a secret: it reaches steps only as the environment variable ${Name(name)}, in 'run' commands");
                    }
                }
            }

            if (node is GroupNode group)
            {
                CheckReferences(group.Children, forEachDepth + (group is ForEachGroup ? 1 : 0));
            }
        }
    }

    private string? Problem(IReadOnlyList<string> path, int forEachDepth)
    {
        var head = Name(path[0]);
        switch (head)
        {
            case "inputs":
                if (path.Count < 2)
                {
                    return "'inputs' needs a name, e.g. inputs.env";
                }

                var input = Name(path[1]);
                return pipeline.Inputs.Any(i => i.Name == input)
                    ? null
                    : $"unknown input '{input}'{DidYouMean.Hint(input, pipeline.Inputs.Select(i => i.Name))}" +
                      (pipeline.Inputs.Count == 0 ? " (the pipeline declares no inputs)" : "");
            case "steps":
                if (path.Count < 2)
                {
                    return "'steps' needs a step id, e.g. steps.build.status";
                }

                var id = Name(path[1]);
                if (!_ids.ContainsKey(id))
                {
                    return $"unknown step '{id}'{DidYouMean.Hint(id, _ids.Keys)}";
                }

                if (path.Count >= 3 && !StepFields.Contains(path[2]))
                {
                    return $"steps.{id} has no '{path[2]}': use status, outputs.KEY, exitCode, attempts, startedAt or finishedAt{DidYouMean.Hint(path[2], StepFields)}";
                }

                return null;
            case "item":
                return forEachDepth > 0 ? null : "'item' is only defined inside a forEach";
            case "items":
                return forEachDepth == 0 ? "'items' is only defined inside a forEach"
                    : Index(path[0]) is { } i && i >= forEachDepth
                        ? $"items[{i}] does not exist: {forEachDepth} forEach enclose this step (items[0] is the outermost item)"
                        : null;
            case "run":
                return path.Count == 2 && RunFields.Contains(path[1]) ? null : $"'run' has {string.Join(", ", RunFields.Select(f => "run." + f))}";
            case "step":
                return path.Count == 2 && SelfFields.Contains(path[1]) ? null : $"'step' has {string.Join(", ", SelfFields.Select(f => "step." + f))}";
            default:
                return $"unknown name '{path[0]}': use inputs, steps, run, step, item or items{DidYouMean.Hint(head, Roots)}";
        }
    }

    /// <summary>The first index of a segment: <c>items[1]</c> → 1; null without one.</summary>
    private static int? Index(string segment)
    {
        var open = segment.IndexOf('[', StringComparison.Ordinal);
        var close = segment.IndexOf(']', StringComparison.Ordinal);
        return open >= 0 && close > open && int.TryParse(segment.AsSpan(open + 1, close - open - 1), System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;
    }

    /// <summary>The name part of a segment: <c>regions[0]</c> → <c>regions</c>.</summary>
    private static string Name(string segment) => segment.IndexOf('[', StringComparison.Ordinal) is var i and >= 0 ? segment[..i] : segment;
}
