namespace Platform.Pipelines.Engine;

/// <summary>Flattens a run's instances into the report: every step once, in pipeline order.</summary>
internal static class ReportBuilder
{
    public static RunReport Build(EngineState state)
    {
        var steps = new List<StepRecord>(state.Plan.StepCount);
        Add(state.Main, steps);
        Add(state.Finally, steps);
        return new RunReport(state.RunId, state.Plan.Pipeline.Id, state.Status, state.StartedAt, state.FinishedAt, steps);
    }

    private static void Add(NodeInstance node, List<StepRecord> steps)
    {
        if (node.Plan.Kind == PlanKind.Step)
        {
            steps.Add(new StepRecord(node.Id, node.Plan.Source?.Name, node.Status, node.StartedAt, node.FinishedAt,
                node.Attempt, node.ExitCode, node.Outputs, node.Reason));
            return;
        }

        if (node.Plan.Kind == PlanKind.ForEach && node.Children.Length == 0 && node.Status != StepStatus.Succeeded)
        {
            // Never expanded (skipped, cancelled, or items could not be read): list the chain once, unindexed.
            var status = node.IsTerminal ? StepStatus.Skipped : StepStatus.Pending;
            AddPlan(node.Plan.Children[0], status, node.Reason, node.Suffix, steps);
            return;
        }

        foreach (var child in node.Children)
        {
            Add(child, steps);
        }
    }

    private static void AddPlan(PlanNode plan, StepStatus status, string? reason, string suffix, List<StepRecord> steps)
    {
        foreach (var child in plan.Children)
        {
            if (child.Kind == PlanKind.Step)
            {
                steps.Add(new StepRecord(child.Id + suffix, child.Source?.Name, status, null, null, 0, null,
                    new Dictionary<string, string>(), reason));
            }
            else
            {
                AddPlan(child.Kind == PlanKind.ForEach ? child.Children[0] : child, status, reason, suffix, steps);
            }
        }
    }
}
