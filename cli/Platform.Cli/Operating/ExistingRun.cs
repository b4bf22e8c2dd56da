using MassTransit;
using Platform.Cli.Output;
using Platform.Cli.Running;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Cli.Operating;

/// <summary>
/// <c>run --run-id ID</c> when run ID exists already: a live run is followed as <c>watch</c> does
/// (never dispatched a second time); a finished run is shown again only if the pipeline text and inputs
/// are the same — otherwise it is an error, not a silent replay of another run's report; an
/// interrupted run is left to <c>resume</c>.
/// </summary>
internal static class ExistingRun
{
    /// <returns>Null when there is no such run (submit it); otherwise the exit code of what was done instead.</returns>
    public static async Task<int?> EmbeddedAsync(RunRequest request, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        var runs = RunStores.Open(request.Store);
        if (await runs.GetRunAsync(request.RunId, cancellation).ConfigureAwait(false) is not { } run)
        {
            return null;
        }

        var (state, owner) = await RunLiveness.OfAsync(runs, run, cancellation).ConfigureAwait(false);
        switch (state)
        {
            case RunState.Live:
                stderr.WriteLine($"run {run.RunId} is live (owned by {owner ?? "a process starting it"}): following it as ./platform watch does");
                return await StoredRunFollower.FollowAsync(runs, run, request.Json, request.ShowLogs, stdout, stderr, cancellation).ConfigureAwait(false);
            case RunState.Interrupted:
                stderr.WriteLine($"error: run {run.RunId} was interrupted (its process died): ./platform resume {Shown(request)} continues it");
                return ExitCodes.Failed;
            case RunState.Finished:
                if (!SameRun(RunFingerprint.Of(run), request, stderr))
                {
                    return ExitCodes.Invalid;
                }

                stderr.WriteLine($"run {run.RunId} already finished with this pipeline and these inputs: its stored report follows (a new --run-id runs it again)");
                return await Commands.ShowCommand.RunAsync(run.RunId.ToString(), request.Store, request.Json, stdout, stderr).ConfigureAwait(false) == ExitCodes.Succeeded
                    ? run.Status == RunStatus.Succeeded ? ExitCodes.Succeeded : ExitCodes.Failed
                    : ExitCodes.Invalid;
            default:
                throw new InvalidOperationException($"a run state the CLI does not know: {state}");
        }
    }

    /// <returns>As <see cref="EmbeddedAsync"/>; null too when no Coordinator answers (the submission then waits for one).</returns>
    public static async Task<int?> OverBrokerAsync(RunRequest request, TextWriter stdout, TextWriter stderr)
    {
        var (client, exit) = await BrokerClient.ConnectAsync(request.BrokerUrl!, stderr).ConfigureAwait(false);
        if (client is null)
        {
            return exit;
        }

        RunOutcome outcome;
        await using (client)
        {
            try
            {
                outcome = (await client.Bus.CreateRequestClient<GetRunOutcome>(RequestTimeout.After(s: 5))
                    .GetResponse<RunOutcome>(new GetRunOutcome(request.RunId)).ConfigureAwait(false)).Message;
            }
            catch (RequestTimeoutException)
            {
                return null;
            }
        }

        if (outcome.Status is "unknown" or "rejected")
        {
            return null;
        }

        if (outcome.Finished is not { } finished)
        {
            stderr.WriteLine($"run {request.RunId} is live: following it as ./platform watch does");
            return await Commands.RunCommand.FollowAsync(request with { Attach = true }, stdout, stderr).ConfigureAwait(false);
        }

        if (outcome.Fingerprint is { } fingerprint && !SameRun(fingerprint, request, stderr))
        {
            return ExitCodes.Invalid;
        }

        stderr.WriteLine($"run {request.RunId} already finished with this pipeline and these inputs: its stored report follows (a new --run-id runs it again)");
        return ReportOutput.Write(stdout, ReportMapper.ToReport(finished), request.Json);
    }

    private static bool SameRun(string storedFingerprint, RunRequest request, TextWriter stderr)
    {
        if (storedFingerprint == RunFingerprint.Of(request.PipelineYaml, request.Inputs))
        {
            return true;
        }

        stderr.WriteLine($"error: run {Shown(request)} already exists with a different pipeline text or inputs: choose another --run-id, or ./platform rerun {Shown(request)}");
        return false;
    }

    private static string Shown(RunRequest request) => request.Name ?? request.RunId.ToString();
}
