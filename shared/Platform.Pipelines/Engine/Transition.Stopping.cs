namespace Platform.Pipelines.Engine;

/// <summary>
/// Stopping: fail-fast, user cancel, timeouts and decided races stop a group's children; skipping.
/// The fail-fast rule is the same at every depth: running steps are cancelled and pending ones skipped,
/// except nodes with <c>when: always|failure</c> (pending or running: they run whatever happens) and
/// fire-and-forget children, which only a forced stop (user cancel, timeout) reaches.
/// </summary>
internal sealed partial class Transition
{
    /// <summary>Stops a group's children; the group ends with <paramref name="status"/> if given.</summary>
    public void Abort(GroupInstance group, StopKind kind, string cause, StepStatus? status, StepInstance? culprit)
    {
        if (group.IsTerminal && !group.Detached)
        {
            return;
        }

        // A forced stop overrides a fail-fast one already under way (it spares less); never the reverse.
        if (group.Stopping is null || (kind == StopKind.Forced && group.Stopping == StopKind.FailFast))
        {
            group.Stopping = kind;
            group.StopCause = cause;
        }

        if (status is not null)
        {
            group.StopStatus ??= status;
        }

        foreach (var child in group.Children)
        {
            Stop(child, kind, cause, culprit);
        }

        if (!group.IsTerminal)
        {
            group.Policy.Fill(this, group);
            CompleteIfDone(group);
        }
    }

    public void Stop(NodeInstance child, StopKind kind, string cause, StepInstance? culprit)
    {
        if (child.IsTerminal)
        {
            if (child is GroupInstance { Detached: true } detached && kind == StopKind.Forced)
            {
                Abort(detached, kind, cause, StepStatus.Cancelled, culprit);
            }

            return;
        }

        if (kind == StopKind.FailFast && child.RunsDespiteFailure)
        {
            return;
        }

        child.Culprit ??= culprit;
        if (child.Status == StepStatus.Pending || child.WaitingLocks)
        {
            Skip(child, Reasons.Skipped(cause));
            return;
        }

        if (child is StepInstance step)
        {
            CancelStep(step, cause);
        }
        else
        {
            Abort((GroupInstance)child, kind, cause, StepStatus.Cancelled, culprit);
        }
    }

    /// <summary>A node that will not run: it and everything under it are skipped, with no times.</summary>
    public void Skip(NodeInstance node, string reason)
    {
        if (node.IsTerminal)
        {
            return;
        }

        Finish(node, StepStatus.Skipped, reason);
        SkipDescendants(node, reason);
    }

    private void SkipDescendants(NodeInstance node, string reason)
    {
        if (node is not GroupInstance group)
        {
            return;
        }

        foreach (var child in group.Children)
        {
            if (!child.IsTerminal)
            {
                child.Culprit ??= node.Culprit;
                SetStatus(child, StepStatus.Skipped, reason);
                SkipDescendants(child, reason);
            }
        }
    }

    private void SkipTree(GroupInstance root, string reason)
    {
        root.Status = StepStatus.Skipped;
        SkipDescendants(root, reason);
    }

    /// <summary>Stops a step: kills its attempt if one is out, or skips it if it never started.</summary>
    private void CancelStep(StepInstance step, string cause)
    {
        if (step.IsTerminal)
        {
            return;
        }

        if (step.Attempt == 0)
        {
            Finish(step, StepStatus.Skipped, Reasons.Skipped(cause));
            return;
        }

        if (step.AttemptOpen)
        {
            _decisions.Add(new CancelAttempt(step.Id, step.Attempt, Reasons.Cancelled(cause)));
        }

        Finish(step, StepStatus.Cancelled, Reasons.Cancelled(cause));
    }
}
