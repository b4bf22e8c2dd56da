using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>Groups: starting, filling under concurrency limits, fan-in and wait policies.</summary>
internal sealed partial class Transition
{
    private void Start(NodeInstance node)
    {
        if (node.Status != StepStatus.Pending)
        {
            return;
        }

        if (node.Plan.If is { } condition)
        {
            bool holds;
            try
            {
                holds = condition.Evaluate(new InstanceResolver(state, node, at, strict: false)).IsTruthy;
            }
            catch (TemplateException e)
            {
                MarkActive(node);
                Finish(node, StepStatus.Failed, $"condition could not be evaluated: {e.Message}");
                return;
            }

            if (!holds)
            {
                Skip(node, $"skipped: condition is false ({condition.Text})");
                return;
            }
        }

        MarkActive(node);
        if (node.Plan.Kind == PlanKind.Step)
        {
            StartStep(node);
            return;
        }

        node.StartedAt = at;
        node.Status = StepStatus.Running;
        if (node.Plan.Timeout is { } timeout)
        {
            _decisions.Add(new ScheduleTimer(new TimerKey(TimerKind.GroupTimeout, node.Id, 0), at + timeout));
        }

        switch (node.Plan.Kind)
        {
            case PlanKind.ForEach:
                if (!ExpandItems(node))
                {
                    return;
                }

                break;
            case PlanKind.Dag:
                node.Ready = new Queue<int>();
                foreach (var child in node.Children)
                {
                    if (child.RemainingNeeds == 0)
                    {
                        node.Ready.Enqueue(child.Position);
                    }
                }

                break;
        }

        Fill(node);
        if (node.Plan.Kind == PlanKind.Parallel && node.Plan.Wait.Kind == WaitKind.None && node.Children.Length > 0)
        {
            // Fire-and-forget: done for its parent now; the run still waits for the children.
            SkipIdleDeferred(node);
            node.Detached = true;
            state.DetachedGroups.Add(node);
            Finish(node, StepStatus.Succeeded, null);
            return;
        }

        CompleteIfDone(node);
    }

    private static void MarkActive(NodeInstance node)
    {
        if (node.Parent is { } parent)
        {
            node.CountedActive = true;
            parent.Active++;
        }
    }

    private bool ExpandItems(NodeInstance node)
    {
        var group = (ForEachGroup)node.Plan.Source!;
        IReadOnlyList<Expressions.Value> items;
        try
        {
            items = ItemsExpander.Expand(group.Items, new InstanceResolver(state, node, at, strict: !state.LenientTemplates));
        }
        catch (TemplateException e)
        {
            Finish(node, StepStatus.Failed, $"could not expand items: {e.Message}");
            return false;
        }

        var chain = node.Plan.Children[0];
        var children = new NodeInstance[items.Count];
        for (var i = 0; i < children.Length; i++)
        {
            var suffix = node.Suffix + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            children[i] = state.Instantiate(chain, node.Plan.Id + suffix, node, i, suffix, items[i]);
        }

        node.Children = children;
        return true;
    }

    /// <summary>Starts as many eligible children as the group's limit allows.</summary>
    private void Fill(NodeInstance group)
    {
        if (group.IsTerminal && !group.Detached)
        {
            return;
        }

        var limit = group.Plan.Concurrency ?? int.MaxValue;
        switch (group.Plan.Kind)
        {
            case PlanKind.Sequence:
            case PlanKind.Item:
                FillSequence(group);
                break;
            case PlanKind.Parallel:
            case PlanKind.ForEach:
                FillParallel(group, limit);
                break;
            case PlanKind.Dag:
                FillDag(group, limit);
                break;
        }
    }

    private void FillSequence(NodeInstance group)
    {
        while (group.Active == 0 && group.Next < group.Children.Length)
        {
            var child = group.Children[group.Next++];
            if (child.IsTerminal)
            {
                continue;
            }

            if (IsWhen(child, When.Failure) && !group.FailureSeen)
            {
                Skip(child, "skipped: runs only after a failure, and none happened");
                continue;
            }

            Start(child);
        }
    }

    private void FillParallel(NodeInstance group, int limit)
    {
        while (group.Active < limit && group.Ready is { Count: > 0 })
        {
            Start(group.Children[group.Ready.Dequeue()]);
        }

        while (group.Active < limit && group.Next < group.Children.Length)
        {
            var child = group.Children[group.Next++];
            if (child.IsTerminal)
            {
                continue;
            }

            if (IsWhen(child, When.Failure) && !group.FailureSeen)
            {
                (group.Deferred ??= []).Add(child.Position);
                continue;
            }

            Start(child);
        }
    }

    private void FillDag(NodeInstance group, int limit)
    {
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
                _ => !group.Aborting && needs.All(n => n.CountsAsSuccess),
            };
            if (!run)
            {
                var blocker = needs.FirstOrDefault(n => !n.CountsAsSuccess);
                Skip(child, child.Plan.When == When.Failure
                    ? "skipped: runs only when a need failed, and none did"
                    : blocker is not null ? $"skipped: need {blocker.Id} {blocker.Status.ToWire()}" : $"skipped: {group.AbortReason}");
                continue;
            }

            Start(child);
        }
    }

    private void ChildFinished(NodeInstance group, NodeInstance child)
    {
        if (child.CountedActive)
        {
            child.CountedActive = false;
            group.Active--;
        }

        group.Done++;
        if (child.CountsAsFailure)
        {
            group.Failed++;
        }
        else if (child.CountsAsSuccess)
        {
            group.Succeeded++;
        }

        if (group.IsTerminal)
        {
            // Finished already: a race was decided, or a fire-and-forget group still dispatching.
            if (group.Detached)
            {
                if (child.CountsAsFailure)
                {
                    ReleaseDeferred(group);
                }

                Fill(group);
                SkipIdleDeferred(group);
                if (group.Done == group.Children.Length)
                {
                    group.Detached = false;
                    state.DetachedGroups.Remove(group);
                }
            }

            return;
        }

        if (group.Plan.Kind == PlanKind.Dag)
        {
            foreach (var dependent in child.Plan.Dependents)
            {
                var d = group.Children[dependent];
                if (--d.RemainingNeeds == 0 && !d.IsTerminal)
                {
                    group.Ready!.Enqueue(dependent);
                }
            }
        }

        if (child.CountsAsFailure)
        {
            ReleaseDeferred(group);
        }

        if (group.Plan.Kind == PlanKind.Parallel && group.Plan.Wait.Kind is WaitKind.Any or WaitKind.Quorum)
        {
            var needed = group.Plan.Wait.Kind == WaitKind.Any ? 1 : group.Plan.Wait.Count;
            if (group.Succeeded >= needed)
            {
                CompleteEarly(group, StepStatus.Succeeded, $"cancelled: {group.Id} already has {needed} successful branch{(needed > 1 ? "es" : "")} ({child.Id} completed it)");
                return;
            }

            if (group.Succeeded + (group.Children.Length - group.Done) < needed)
            {
                CompleteEarly(group, StepStatus.Failed, $"cancelled: {group.Id} can no longer reach {needed} successful branch{(needed > 1 ? "es" : "")}");
                return;
            }
        }
        else if (child.CountsAsFailure && group.Plan.FailFast && !group.Aborting)
        {
            Abort(group, forced: false, $"cancelled: {child.Id} failed", null);
        }

        Fill(group);
        CompleteIfDone(group);
    }

    private static void ReleaseDeferred(NodeInstance group)
    {
        if (group.Deferred is { Count: > 0 } deferred)
        {
            group.Ready ??= new Queue<int>();
            foreach (var position in deferred)
            {
                group.Ready.Enqueue(position);
            }

            deferred.Clear();
        }
    }

    private void CompleteIfDone(NodeInstance group)
    {
        if (group.IsTerminal)
        {
            return;
        }

        if (SkipIdleDeferred(group))
        {
            return; // their skips come back through ChildFinished
        }

        if (group.Done < group.Children.Length)
        {
            return;
        }

        StepStatus status;
        if (group.AbortStatus is { } aborted)
        {
            status = aborted;
        }
        else if (group.Plan.Kind == PlanKind.Parallel && group.Plan.Wait.Kind is WaitKind.Any or WaitKind.Quorum)
        {
            var needed = group.Plan.Wait.Kind == WaitKind.Any ? 1 : group.Plan.Wait.Count;
            status = group.Succeeded >= needed || group.Children.Length == 0 ? StepStatus.Succeeded : StepStatus.Failed;
        }
        else
        {
            status = group.FailureSeen ? StepStatus.Failed : StepStatus.Succeeded;
        }

        Finish(group, status, status == StepStatus.Succeeded ? null : group.AbortReason);
    }

    /// <summary>Everything else is done and nobody failed: the <c>when: failure</c> children have nothing to react to.</summary>
    private bool SkipIdleDeferred(NodeInstance group)
    {
        group.Deferred?.RemoveAll(p => group.Children[p].IsTerminal);
        if (group.Deferred is not { Count: > 0 } deferred || group.FailureSeen || group.Active > 0
            || group.Done + deferred.Count != group.Children.Length)
        {
            return false;
        }

        foreach (var position in deferred)
        {
            Skip(group.Children[position], "skipped: runs only after a failure, and none happened");
        }

        deferred.Clear();
        return true;
    }

    /// <summary>A race or quorum is decided: finish the group and stop the branches still out.</summary>
    private void CompleteEarly(NodeInstance group, StepStatus status, string reason)
    {
        Finish(group, status, status == StepStatus.Failed ? reason : null);
        foreach (var child in group.Children)
        {
            Stop(child, forced: true, reason, StepStatus.Cancelled);
        }
    }
}
