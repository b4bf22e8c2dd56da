using System.Diagnostics;
using Platform.Storage;

namespace Platform.Cli.Operating;

/// <summary>Where a stored run stands for a second process: finished, live in some process, or interrupted.</summary>
internal enum RunState
{
    Finished,
    Live,
    Interrupted,
}

/// <summary>
/// A run is live while its owner's claim in the store is renewed (<see cref="IRunClaims"/>). A claim of a
/// process on this machine that no longer exists is not waited out: that run was interrupted now.
/// </summary>
internal static class RunLiveness
{
    private static readonly TimeSpan JustSubmitted = TimeSpan.FromSeconds(10);

    public static async Task<(RunState State, string? Owner)> OfAsync(IRunStore store, StoredRun run, CancellationToken cancellationToken = default)
    {
        if (run.IsFinished)
        {
            return (RunState.Finished, null);
        }

        if (store is not IRunClaims claims || await claims.GetClaimAsync(run.RunId, cancellationToken).ConfigureAwait(false) is not { } claim)
        {
            // Its Coordinator claims a run just after storing it: a moment without a claim is not a death.
            return (DateTimeOffset.UtcNow - run.SubmittedAt < JustSubmitted ? RunState.Live : RunState.Interrupted, null);
        }

        var live = claim.IsLive(DateTimeOffset.UtcNow) && !OwnerProcessIsGone(claim.Owner);
        return (live ? RunState.Live : RunState.Interrupted, claim.Owner);
    }

    /// <summary>Owners are named <c>host-pid-nonce</c>: on this host, a pid that is not running means the owner died.</summary>
    private static bool OwnerProcessIsGone(string owner)
    {
        var parts = owner.Split('-');
        if (parts.Length < 3 || !int.TryParse(parts[^2], out var pid) || string.Join('-', parts[..^2]) != Environment.MachineName)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
