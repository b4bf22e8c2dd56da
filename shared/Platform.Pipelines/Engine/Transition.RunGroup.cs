using Platform.Pipelines.Loading;

namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>runs:</c>, a concurrency group of runs: before anything starts, the run asks the lock table for
/// a place in the lock <c>runs/KEY</c> (limit: the group's limit) as node <see cref="RunGroupAdmission.RunNode"/>;
/// it is <c>queued</c> until granted (queue time: its start and deadline begin then), holds the place
/// until it finishes, and fails without running anything if its group refuses it. What a full group
/// does (<c>onLimit</c>) is the driver's to carry out: it knows the other runs.
/// </summary>
internal sealed partial class Transition
{
    /// <summary>True when the run must wait for its group (or was refused at once).</summary>
    private bool AwaitRunGroup()
    {
        if (state.Plan.Pipeline.Runs is not { } group)
        {
            return false;
        }

        string key;
        try
        {
            key = group.Key.Render(Resolver(state.Main, strict: !state.LenientTemplates));
            if (!LockReader.IsValidName(RunGroupAdmission.LockName(key)))
            {
                throw new TemplateException($"the key '{key}' is invalid: {LockReader.NameRule}");
            }
        }
        catch (TemplateException e)
        {
            OnRunRefused(RunGroupAdmission.RunNode, Reasons.CouldNotStart("runs: " + e.Message));
            return true;
        }

        state.RunLock = new LockClaim(RunGroupAdmission.LockName(key), group.Limit);
        state.WaitingRunLock = true;
        state.Status = RunStatus.Queued;
        _decisions.Add(new AcquireLocks(RunGroupAdmission.RunNode, [state.RunLock], Admission: new RunAdmission(key, group.OnLimit, group.MaxQueued)));
        return true;
    }

    /// <summary>The group granted the run its place (the lock table's <see cref="LocksGranted"/> for the run node).</summary>
    private void OnRunGroupGranted()
    {
        if (!state.WaitingRunLock)
        {
            if (!state.HoldsRunLock)
            {
                _decisions.Add(new ReleaseLocks(RunGroupAdmission.RunNode)); // crossed a cancel
            }

            return;
        }

        state.WaitingRunLock = false;
        state.HoldsRunLock = true;
        Admitted();
    }

    private void OnRunRefused(string nodeId, string reason)
    {
        if (nodeId != RunGroupAdmission.RunNode || state.Status is not (RunStatus.Pending or RunStatus.Queued))
        {
            return; // only a run not yet admitted can be refused
        }

        state.RefusedReason = reason;
        SkipTree(state.Main, reason);
        SkipTree(state.Finally, reason);
        FinishRun();
    }

    private void ReleaseRunGroup()
    {
        if (state.WaitingRunLock || state.HoldsRunLock)
        {
            state.WaitingRunLock = false;
            state.HoldsRunLock = false;
            _decisions.Add(new ReleaseLocks(RunGroupAdmission.RunNode));
        }
    }
}
