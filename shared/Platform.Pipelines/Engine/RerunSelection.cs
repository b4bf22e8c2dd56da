namespace Platform.Pipelines.Engine;

/// <summary>
/// What a re-run of a finished run takes over from it (<c>platform rerun --failed | --from STEP</c>):
/// the outcomes of steps that succeeded, except those that must run again — the failed, timed-out
/// and cancelled ones and everything downstream of them (later in a sequence, depending on them in a
/// DAG, after their enclosing group), or STEP and everything downstream of it; and always the steps
/// with <c>when: always|failure</c> and the <c>finally</c> steps. Skipped and never-started steps
/// were not successes, so they run (or are skipped) again.
/// </summary>
public static class RerunSelection
{
    /// <summary>The outcomes to reuse by step id, or an error when <paramref name="from"/> names nothing in the run.</summary>
    public static (IReadOnlyDictionary<string, ReusedOutcome> Reused, string? Error) Select(EngineState previous, string? from)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var again = new HashSet<NodeInstance>();
        if (from is not null)
        {
            if (previous.Find(from) is not { } start)
            {
                return (new Dictionary<string, ReusedOutcome>(), $"run {previous.RunId} has no step or group '{from}'");
            }

            WithDownstream(start, again);
        }
        else
        {
            foreach (var failed in previous.Steps().Where(s => s.Status is StepStatus.Failed or StepStatus.TimedOut or StepStatus.Cancelled))
            {
                WithDownstream(failed, again);
            }
        }

        var reused = new Dictionary<string, ReusedOutcome>(StringComparer.Ordinal);
        foreach (var step in previous.Steps())
        {
            if (step.Status == StepStatus.Succeeded && !again.Contains(step) && !step.RunsDespiteFailure && !InFinally(previous, step))
            {
                reused[step.Id] = new ReusedOutcome(step.Outputs, step.ExitCode);
            }
        }

        return (reused, null);
    }

    private static bool InFinally(EngineState state, NodeInstance node)
    {
        var root = node;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return root == state.Finally;
    }

    /// <summary>Marks <paramref name="node"/>, its descendants, and what comes after it at every level up.</summary>
    private static void WithDownstream(NodeInstance node, HashSet<NodeInstance> again)
    {
        Mark(node, again);
        for (var n = node; n.Parent is { } group; n = group)
        {
            switch (group.Plan.Kind)
            {
                case PlanKind.Sequence or PlanKind.Item:
                    foreach (var later in group.Children.Where(c => c.Position > n.Position))
                    {
                        Mark(later, again);
                    }

                    break;
                case PlanKind.Dag:
                    var queue = new Queue<NodeInstance>([n]);
                    var seen = new HashSet<NodeInstance> { n };
                    while (queue.TryDequeue(out var need))
                    {
                        foreach (var dependent in need.Plan.Dependents.Select(p => group.Children[p]).Where(seen.Add))
                        {
                            Mark(dependent, again);
                            queue.Enqueue(dependent);
                        }
                    }

                    break;
                case PlanKind.Parallel or PlanKind.ForEach:
                    break; // siblings ran beside it, not after it
                default:
                    throw new ArgumentOutOfRangeException(nameof(node), group.Plan.Kind, "a group kind a re-run does not know");
            }
        }
    }

    private static void Mark(NodeInstance node, HashSet<NodeInstance> again)
    {
        again.Add(node);
        if (node is GroupInstance group)
        {
            foreach (var child in group.Children)
            {
                Mark(child, again);
            }
        }
    }
}
