using Platform.Pipelines.Loading;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Locks (<c>lock:</c>): a node with locks asks for all of them, sorted by name, before it starts, and
/// waits without a run slot and without times (its wait is queue time); it gives them back when it
/// ends in any way, or when it is stopped while still waiting. Who gets a lock when is the lock
/// table's rule (<see cref="Locks.LockTable"/>), outside the run: the engine only asks and releases.
/// </summary>
internal sealed partial class Transition
{
    /// <summary>True when <paramref name="node"/> must wait for its locks (or failed asking): do not start it now.</summary>
    private bool AwaitLocks(NodeInstance node)
    {
        if (node.Plan.Source?.Locks is not { Count: > 0 } specs || node.HoldsLocks)
        {
            return false;
        }

        var claims = new List<LockClaim>(specs.Count);
        try
        {
            var resolver = Resolver(node, strict: !state.LenientTemplates);
            foreach (var spec in specs)
            {
                var name = spec.Name.Render(resolver);
                if (!LockReader.IsValidName(name))
                {
                    throw new TemplateException($"lock name '{name}' is invalid: {LockReader.NameRule}");
                }

                claims.Add(new LockClaim(name, spec.Limit));
            }
        }
        catch (TemplateException e)
        {
            Finish(node, StepStatus.Failed, Reasons.CouldNotStart(e.Message));
            return true;
        }

        // Re-entrant within a run: what an enclosing group holds covers the nodes inside it (asking
        // again would wait for ourselves for ever). One fixed order for everyone: two runs asking for
        // the same pair ask the same way.
        var covered = HeldAbove(node);
        claims = [.. claims.Where(c => !covered.Contains(c.Name))
            .GroupBy(c => c.Name, StringComparer.Ordinal).Select(g => g.MaxBy(c => c.Limit)!).OrderBy(c => c.Name, StringComparer.Ordinal)];
        if (claims.Count == 0)
        {
            return false;
        }

        node.Locks = claims;
        node.WaitingLocks = true;
        var reason = Reasons.WaitingForLocks(claims.Select(c => c.Name));
        if (node is StepInstance step)
        {
            SetStatus(step, StepStatus.Queued, reason);
        }
        else
        {
            node.Status = StepStatus.Queued;
            node.Reason = reason;
        }

        _decisions.Add(new AcquireLocks(node.Id, claims));
        return true;
    }

    private static HashSet<string> HeldAbove(NodeInstance node)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        for (var above = node.Parent; above is not null; above = above.Parent)
        {
            if (above.HoldsLocks && above.Locks is { } locks)
            {
                held.UnionWith(locks.Select(l => l.Name));
            }
        }

        return held;
    }

    private void OnLocksGranted(string nodeId)
    {
        if (nodeId == RunGroupAdmission.RunNode)
        {
            OnRunGroupGranted();
            return;
        }

        if (state.Find(nodeId) is not { } node)
        {
            return;
        }

        if (!node.WaitingLocks)
        {
            if (!node.HoldsLocks)
            {
                // Granted after the node stopped waiting (cancelled, skipped): give it straight back.
                _decisions.Add(new ReleaseLocks(nodeId));
            }

            return;
        }

        node.WaitingLocks = false;
        node.HoldsLocks = true;
        node.Reason = null;
        Proceed(node);
    }

    private void OnLocksLost(string nodeId, string reason)
    {
        if (state.Find(nodeId) is not { HoldsLocks: true, IsTerminal: false } node)
        {
            return;
        }

        var cause = Reasons.LockLost(reason);
        if (node is StepInstance step)
        {
            CancelStep(step, cause);
        }
        else
        {
            Abort((GroupInstance)node, StopKind.Forced, cause, StepStatus.Cancelled, null);
        }
    }

    /// <summary>The node ended or stopped waiting: its locks, or its places in their queues, go back.</summary>
    public void ReleaseLocksOf(NodeInstance node)
    {
        if (!node.WaitingLocks && !node.HoldsLocks)
        {
            return;
        }

        node.WaitingLocks = false;
        node.HoldsLocks = false;
        _decisions.Add(new ReleaseLocks(node.Id));
    }

    /// <summary>After a restart: ask again for what nodes wait for, and confirm what they hold.</summary>
    private void AskForLocksAgain()
    {
        if ((state.WaitingRunLock || state.HoldsRunLock) && state.RunLock is { } place)
        {
            _decisions.Add(new AcquireLocks(RunGroupAdmission.RunNode, [place], Held: state.HoldsRunLock));
        }

        foreach (var node in state.LockedNodes())
        {
            _decisions.Add(new AcquireLocks(node.Id, node.Locks!, Held: node.HoldsLocks));
        }
    }
}
