using System.Text.Json;
using Platform.Cli.Operating;
using Platform.Contracts;
using Platform.Coordinator.Commands;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Cli.Approvals;

/// <summary>
/// Embedded <c>approve</c>: the decision goes into the run's command inbox in the store; the
/// <c>./platform run</c> process owning the run takes it and publishes it on its own bus. This process
/// then reads the stored run until the gate was decided.
/// </summary>
internal static class StoreApproval
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>The outcome, or null when the owner did not take the decision within <paramref name="wait"/>.</summary>
    public static async Task<ApprovalAnswered?> SendAsync(IRunStore runs, StoredRunState target, ApproveStep decision, TimeSpan wait)
    {
        var run = target.Run;
        var (state, _) = await RunLiveness.OfAsync(runs, run).ConfigureAwait(false);
        if (state != RunState.Live || runs is not IRunCommands commands)
        {
            // Nobody drives it: the gate waits in the store until the run is continued.
            return Refused(decision, $"run {run.RunId} is not live (its process died): continue it with ./platform resume {run.RunId}, then approve it");
        }

        var body = JsonSerializer.Serialize(decision, RunCommandInbox.Json);
        await commands.EnqueueCommandAsync(run.RunId, RunCommandKind.Approve, body, DateTimeOffset.UtcNow).ConfigureAwait(false);
        var deadline = DateTimeOffset.UtcNow + wait;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(Poll).ConfigureAwait(false);
            if (await StoredRunState.LoadAsync(runs, run.RunId.ToString(), null, TextWriter.Null).ConfigureAwait(false) is not { } now)
            {
                continue;
            }

            var row = now.State.Report().Steps.FirstOrDefault(s => s.Id == decision.StepId);
            if (row is { Approval: { } approval })
            {
                return approval.By == decision.By && approval.Approved == decision.Approve
                    ? new ApprovalAnswered(decision.RunId, decision.StepId, true, $"step {decision.StepId} {approval.Decision} by {approval.By}")
                    : Refused(decision, $"step {decision.StepId} was already {approval.Decision} by {approval.By}");
            }

            if (row is null || row.Status != StepStatus.Waiting)
            {
                return Refused(decision, ApprovalCheck.Refusal(now.State, decision.StepId, decision.By) ?? $"step {decision.StepId} is no longer waiting");
            }
        }

        return null;
    }

    private static ApprovalAnswered Refused(ApproveStep decision, string why) => new(decision.RunId, decision.StepId, false, why);
}
