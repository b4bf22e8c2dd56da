using Platform.Contracts;
using Platform.Storage;

namespace Platform.Cli.Approvals;

/// <summary>
/// Embedded <c>approve</c>: the decision goes into the run store's command inbox, which the
/// <c>./platform run</c> process owning the run reads and publishes on its in-memory bus.
/// </summary>
internal static class StoreApproval
{
    public static Task<ApprovalAnswered?> SendAsync(IRunStore runs, ApproveStep decision, TimeSpan wait)
    {
        // Unfinished: needs the command inbox (IRunCommands) that is landing on main.
        _ = (runs, wait);
        return Task.FromResult<ApprovalAnswered?>(new ApprovalAnswered(decision.RunId, decision.StepId, false,
            "approving an embedded run from another process is not available yet: use --broker"));
    }
}
