using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// A pipeline compiled for scheduling. Immutable and shared: compile once per definition, then
/// create an <see cref="EngineState"/> per run.
/// </summary>
public sealed class RunPlan
{
    private RunPlan(PipelineDefinition pipeline, PlanNode main, PlanNode @finally, int stepCount)
    {
        Pipeline = pipeline;
        Main = main;
        Finally = @finally;
        StepCount = stepCount;
    }

    public PipelineDefinition Pipeline { get; }

    /// <summary>The top-level steps: a sequence, or a DAG with <c>mode: dag</c>.</summary>
    public PlanNode Main { get; }

    /// <summary>The <c>finally</c> steps: a fail-safe sequence that always runs.</summary>
    public PlanNode Finally { get; }

    /// <summary>Steps declared in the pipeline (forEach chains counted once).</summary>
    public int StepCount { get; }

    /// <summary>The ids of every declared step (a forEach's steps once, without an index).</summary>
    public IEnumerable<string> StepIds() => Steps(Main).Concat(Steps(Finally));

    private static IEnumerable<string> Steps(PlanNode node) =>
        node.Kind == PlanKind.Step ? [node.Id] : node.Children.SelectMany(Steps);

    public static RunPlan Compile(PipelineDefinition pipeline)
    {
        var steps = 0;
        var main = new PlanNode("(main)", pipeline.Mode == PipelineMode.Dag ? PlanKind.Dag : PlanKind.Sequence, null, null, 0)
        {
            FailFast = pipeline.FailFast,
            OnConflict = pipeline.OnConflict,
        };
        main.Children = CompileChildren(pipeline.Steps, main, ref steps);
        if (main.Kind == PlanKind.Dag)
        {
            LinkNeeds(main);
        }

        Finish(main);
        var fin = new PlanNode("(finally)", PlanKind.Sequence, null, null, 1) { FailFast = false, OnConflict = pipeline.OnConflict };
        fin.Children = CompileChildren(pipeline.Finally, fin, ref steps);
        Finish(fin);
        return new RunPlan(pipeline, main, fin, steps);
    }

    private static PlanNode[] CompileChildren(IReadOnlyList<Node> nodes, PlanNode parent, ref int steps)
    {
        var result = new PlanNode[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            result[i] = CompileNode(nodes[i], parent, i, ref steps);
        }

        return result;
    }

    private static PlanNode CompileNode(Node node, PlanNode parent, int position, ref int steps)
    {
        if (node is StepNode)
        {
            steps++;
            return new PlanNode(node.Id, PlanKind.Step, node, parent, position);
        }

        var group = (GroupNode)node;
        var kind = group switch
        {
            ParallelGroup => PlanKind.Parallel,
            DagGroup => PlanKind.Dag,
            ForEachGroup => PlanKind.ForEach,
            _ => PlanKind.Sequence,
        };
        var plan = new PlanNode(node.Id, kind, node, parent, position)
        {
            FailFast = group.FailFast ?? parent.FailFast,
            Concurrency = group.Concurrency,
            Wait = group is ParallelGroup p ? p.Wait : WaitPolicy.All,
            OnConflict = group.OnConflict ?? parent.OnConflict,
        };
        plan.Isolates = WorkspaceLayers.Isolates(plan, group);

        if (kind == PlanKind.ForEach)
        {
            // Each item runs the chain in order; the chain is compiled once and instantiated per item.
            var chain = new PlanNode(node.Id + "[]", PlanKind.Item, null, plan, 0) { FailFast = plan.FailFast, OnConflict = plan.OnConflict };
            chain.Children = CompileChildren(group.Children, chain, ref steps);
            Finish(chain);
            plan.Children = [chain];
            Finish(plan);
            return plan;
        }

        plan.Children = CompileChildren(group.Children, plan, ref steps);
        if (kind == PlanKind.Dag)
        {
            LinkNeeds(plan);
        }

        Finish(plan);
        return plan;
    }

    /// <summary>Chooses the group's policy and counts its steps, once its children are compiled.</summary>
    private static void Finish(PlanNode group)
    {
        group.Policy = GroupPolicy.For(group);
        group.StepCount = group.Kind == PlanKind.ForEach ? 0 : group.Children.Sum(c => c.Kind == PlanKind.Step ? 1 : c.StepCount);
    }

    private static void LinkNeeds(PlanNode dag)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var child in dag.Children)
        {
            positions.TryAdd(child.Id, child.Position);
        }

        var dependents = dag.Children.Select(_ => new List<int>()).ToArray();
        foreach (var child in dag.Children)
        {
            // The validator rejects unknown needs and cycles; unknown ones are ignored here defensively.
            var needs = child.Source!.Needs.Where(positions.ContainsKey).Select(n => positions[n]).Distinct().ToArray();
            child.Needs = needs;
            foreach (var need in needs)
            {
                dependents[need].Add(child.Position);
            }
        }

        foreach (var child in dag.Children)
        {
            child.Dependents = dependents[child.Position];
        }
    }
}
