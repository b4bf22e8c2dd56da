using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>dag</c> and <c>mode: dag</c>: a child starts once its <c>needs</c> are done (up to
/// <c>concurrency</c>), and then runs or is skipped by its <c>when</c>: <c>success</c> — every need
/// succeeded (an allowed failure counts), <c>failure</c> — a need failed, <c>always</c>. Fail-fast
/// stops the rest of the DAG when a child fails.
/// </summary>
internal sealed class DagPolicy : GroupPolicy
{
    public static readonly DagPolicy Instance = new();

    public override bool Begin(Transition t, GroupInstance group)
    {
        group.Ready = new Queue<int>();
        group.RemainingNeeds = new int[group.Children.Length];
        foreach (var child in group.Children)
        {
            group.RemainingNeeds[child.Position] = child.Plan.Needs.Count;
            if (child.Plan.Needs.Count == 0)
            {
                group.Ready.Enqueue(child.Position);
            }
        }

        return true;
    }

    public override void Fill(Transition t, GroupInstance group)
    {
        var limit = ConcurrencyCap.GroupLimit(t.State, group.Plan);
        while (group.Active < limit && group.Ready!.Count > 0)
        {
            var child = group.Children[group.Ready.Dequeue()];
            if (child.IsTerminal)
            {
                continue;
            }

            var needs = child.Plan.Needs.Select(p => group.Children[p]).ToList();
            var run = child.Plan.When switch
            {
                When.Always => true,
                When.Failure => needs.Any(n => n.CountsAsFailure),
                _ => group.Stopping is null && needs.All(n => n.CountsAsSuccess),
            };
            if (run)
            {
                t.Start(child);
                continue;
            }

            var blocker = needs.FirstOrDefault(n => !n.CountsAsSuccess);
            child.Culprit = blocker?.Culprit ?? blocker as StepInstance;
            t.Skip(child,
                child.Plan.When == When.Failure ? Reasons.NoNeedFailed
                : blocker is not null ? Reasons.NeedNotMet(blocker)
                : Reasons.Skipped(group.StopCause!));
        }
    }

    public override void ChildFinished(Transition t, GroupInstance group, NodeInstance child)
    {
        foreach (var dependent in child.Plan.Dependents)
        {
            if (--group.RemainingNeeds![dependent] == 0 && !group.Children[dependent].IsTerminal)
            {
                group.Ready!.Enqueue(dependent);
            }
        }

        base.ChildFinished(t, group, child);
    }
}
