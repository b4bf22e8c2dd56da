namespace Platform.Pipelines.Engine;

/// <summary>
/// Flattens a run's instances into the report, in pipeline order: every step once, and every group
/// (forEach items included) as a row of its own just before its children. A node that never started
/// has no times and no attempts.
/// </summary>
internal static class ReportBuilder
{
    private static readonly IReadOnlyDictionary<string, string> NoOutputs = new Dictionary<string, string>();

    public static RunReport Build(EngineState state)
    {
        var rows = new List<StepRecord>(state.StepInstances + 16);
        AddChildren(state.Main, null, rows);
        AddChildren(state.Finally, null, rows);
        return new RunReport(state.RunId, state.Plan.Pipeline.Id, state.Status, state.StartedAt, state.FinishedAt, rows, state.RunName)
        {
            ConcurrencyCap = state.ConcurrencyCap,
            RerunOf = state.RerunOf,
        };
    }

    private static void AddChildren(GroupInstance group, string? parentRow, List<StepRecord> rows)
    {
        foreach (var child in group.Children)
        {
            Add(child, parentRow, rows);
        }
    }

    private static void Add(NodeInstance node, string? parentRow, List<StepRecord> rows)
    {
        if (node is StepInstance step)
        {
            rows.Add(new StepRecord(step.Id, step.Plan.Source?.Name, step.Status, step.StartedAt, step.FinishedAt,
                step.Attempt, step.ExitCode, step.Outputs, step.Reason)
            {
                Parent = parentRow,
                Resources = step.AttemptResources is { } measured ? ResourceUse.Total(measured) : null,
                AttemptResources = step.AttemptResources is { } perAttempt ? [.. perAttempt] : [],
                Approval = step.Approval,
                ReusedFrom = step.ReusedFrom,
                Artifacts = step.Artifacts,
            });
            return;
        }

        var group = (GroupInstance)node;
        var groupRow = rows.Count;
        rows.Add(new StepRecord(group.Id, group.Plan.Source?.Name, group.Status, group.StartedAt, group.FinishedAt,
            0, null, NoOutputs, group.Reason) { Kind = NodeKind.Group, Parent = parentRow, Item = group.Item?.Render() });

        if (group.Plan.Kind == PlanKind.ForEach && group.Children.Length == 0 && group.Status != StepStatus.Succeeded)
        {
            // Never expanded (skipped, cancelled, or items could not be read): list the chain once, unindexed.
            var status = group.IsTerminal ? StepStatus.Skipped : StepStatus.Pending;
            AddPlan(group.Plan.Children[0], status, group.Reason, group.Suffix, group.Id, rows);
            return;
        }

        AddChildren(group, group.Id, rows);
        var children = rows.Skip(groupRow + 1).Where(r => r.Parent == group.Id).Select(r => r.Resources);
        if (ResourceUse.Total(children) is { } total)
        {
            rows[groupRow] = rows[groupRow] with { Resources = total };
        }
    }

    private static void AddPlan(PlanNode plan, StepStatus status, string? reason, string suffix, string parentRow, List<StepRecord> rows)
    {
        foreach (var child in plan.Children)
        {
            var id = child.Id + suffix;
            if (child.Kind == PlanKind.Step)
            {
                rows.Add(new StepRecord(id, child.Source?.Name, status, null, null, 0, null, NoOutputs, reason) { Parent = parentRow });
                continue;
            }

            rows.Add(new StepRecord(id, child.Source?.Name, status, null, null, 0, null, NoOutputs, reason) { Kind = NodeKind.Group, Parent = parentRow });
            AddPlan(child.Kind == PlanKind.ForEach ? child.Children[0] : child, status, reason, suffix, id, rows);
        }
    }
}
