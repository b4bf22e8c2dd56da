namespace Platform.Pipelines.Engine;

/// <summary>Starting a node (its condition, then a step's first attempt or a group's policy) and fan-in.</summary>
internal sealed partial class Transition
{
    public void Start(NodeInstance node)
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
                holds = condition.Evaluate(Resolver(node, strict: false)).IsTruthy;
            }
            catch (TemplateException e)
            {
                MarkActive(node);
                Finish(node, StepStatus.Failed, Reasons.ConditionError(e.Message));
                return;
            }

            if (!holds)
            {
                Skip(node, Reasons.ConditionFalse(condition.Text));
                return;
            }
        }

        MarkActive(node);
        if (AwaitLocks(node))
        {
            return; // it goes on when its locks are granted
        }

        Proceed(node);
    }

    /// <summary>Starts a node whose condition held and whose locks (if any) it holds.</summary>
    private void Proceed(NodeInstance node)
    {
        if (node is StepInstance step)
        {
            StartStep(step);
            return;
        }

        var group = (GroupInstance)node;
        group.StartedAt = at;
        group.Status = StepStatus.Running;
        if (group.Plan.Timeout is { } timeout)
        {
            _decisions.Add(new ScheduleTimer(new TimerKey(TimerKind.GroupTimeout, group.Id, 0), at + timeout));
        }

        if (!group.Policy.Begin(this, group))
        {
            return;
        }

        group.Policy.Fill(this, group);
        group.Policy.Started(this, group);
    }

    private static void MarkActive(NodeInstance node)
    {
        if (node.Parent is { } parent)
        {
            node.CountedActive = true;
            parent.Active++;
        }
    }

    private void ChildFinished(GroupInstance group, NodeInstance child)
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
            group.Culprit ??= child as StepInstance ?? child.Culprit;
        }
        else if (child.Status == StepStatus.Succeeded)
        {
            group.Succeeded++;
        }

        if (group.MergingAs is not null)
        {
            AskForMergeOnceBranchesEnded(group); // a decided race's stopped branches ending
        }
        else if (!group.IsTerminal)
        {
            group.Policy.ChildFinished(this, group, child);
        }
        else if (group.Detached)
        {
            group.Policy.DetachedChildFinished(this, group, child);
        }

        // Otherwise the group finished early (a race was decided): nothing more to do.
    }

    /// <summary>Finishes the group once every child is done, with the status its stop or its policy gives.</summary>
    public void CompleteIfDone(GroupInstance group)
    {
        if (group.IsTerminal || group.MergingAs is not null || group.Policy.SkipIdle(this, group) || group.Done < group.Children.Length)
        {
            return; // skipped idle children come back through ChildFinished
        }

        if (group.StopStatus is { } stopped)
        {
            EndGroup(group, stopped, Reasons.Stopped(stopped, group.StopCause!));
            return;
        }

        var status = group.Policy.Outcome(group);
        EndGroup(group, status, status == StepStatus.Succeeded ? null : Reasons.GroupFailed(group));
    }
}
