using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>Fail-fast, cancellation and skipping.</summary>
internal sealed partial class Transition
{
    /// <summary>
    /// Stops a group's children: running ones are cancelled, pending ones skipped — except, unless
    /// <paramref name="forced"/>, pending <c>when: always|failure</c> children, which still run.
    /// </summary>
    private void Abort(NodeInstance group, bool forced, string reason, StepStatus? status)
    {
        if (group.IsTerminal && !group.Detached)
        {
            return;
        }

        group.Aborting = true;
        group.AbortReason ??= reason;
        if (status is not null)
        {
            group.AbortStatus ??= status;
        }

        foreach (var child in group.Children)
        {
            Stop(child, forced, reason, StepStatus.Cancelled);
        }

        if (!group.IsTerminal)
        {
            Fill(group);
            CompleteIfDone(group);
        }
    }

    private void Stop(NodeInstance child, bool forced, string reason, StepStatus status)
    {
        if (child.IsTerminal)
        {
            if (child.Detached && forced)
            {
                Abort(child, forced, reason, status);
            }

            return;
        }

        if (child.Status == StepStatus.Pending)
        {
            if (!forced && (IsWhen(child, When.Always) || IsWhen(child, When.Failure)))
            {
                return;
            }

            Skip(child, reason);
            return;
        }

        if (child.Plan.Kind == PlanKind.Step)
        {
            CancelStep(child, reason);
        }
        else
        {
            Abort(child, forced: true, reason, status);
        }
    }

    private void Skip(NodeInstance node, string reason)
    {
        if (node.IsTerminal)
        {
            return;
        }

        var why = reason.StartsWith("cancelled: ", StringComparison.Ordinal) ? "skipped: " + reason["cancelled: ".Length..] : reason;
        Finish(node, StepStatus.Skipped, why);
        SkipDescendants(node, why);
    }

    private void SkipDescendants(NodeInstance node, string reason)
    {
        foreach (var child in node.Children)
        {
            if (!child.IsTerminal)
            {
                SetStatus(child, StepStatus.Skipped, reason);
                SkipDescendants(child, reason);
            }
        }
    }

    private void SkipTree(NodeInstance root, string reason)
    {
        root.Status = StepStatus.Skipped;
        SkipDescendants(root, reason);
    }
}
