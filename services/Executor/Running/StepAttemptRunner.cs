using System.Globalization;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Executor.Artifacts;
using Platform.Executor.Workspaces;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Executor.Running;

/// <summary>
/// Runs one attempt whatever its action: picks the runner and enforces the step's timeout, which
/// ends the attempt like a cancel (process tree killed) but reports <see cref="StepOutcome.TimedOut"/>.
/// The run's artifacts this host lacks are placed before the step starts, and its own are stored once it
/// succeeded (<see cref="ArtifactExchange"/>); either failing fails the attempt, as does leaving the run's
/// workspace over its disk cap (<see cref="RunWorkspaces.OverCap"/>).
/// </summary>
public sealed class StepAttemptRunner(IEnumerable<IStepRunner> runners, ArtifactExchange artifacts, BranchWorkspaces workspaces, RunWorkspaces runWorkspaces,
    TimeProvider time, ILogger<StepAttemptRunner> logger)
{
    readonly IStepRunner[] _runners = [.. runners];

    public async Task<StepResult> RunAsync(ExecuteStep step, CancellationToken cancellation)
    {
        var runner = Array.Find(_runners, r => r.CanRun(step));
        if (runner is null)
            return StepResult.Failed(null, "the step has no action (run, sleep or http)", "");

        using var timeout = step.TimeoutMilliseconds is > 0
            ? new CancellationTokenSource(TimeSpan.FromMilliseconds(step.TimeoutMilliseconds.Value), time)
            : new CancellationTokenSource();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);

        StepResult result;
        try
        {
            result = await artifacts.PlaceInputsAsync(step, attempt.Token) is { } notPlaced
                ? StepResult.Failed(null, notPlaced, "")
                : await runner.RunAsync(step, attempt.Token);
            if (result.Outcome == StepOutcome.Succeeded && runWorkspaces.OverCap(step.RunId) is { } overCap)
            {
                result = StepResult.Failed(result.ExitCode, overCap, result.LogTail) with { Resources = result.Resources };
            }

            if (result.Outcome == StepOutcome.Succeeded && step.Artifacts is { Count: > 0 })
            {
                result = await StoreArtifactsAsync(step, result, attempt.Token);
            }
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested)
        {
            result = StepResult.Cancelled("");
        }
        catch (Exception exception)
        {
            // A bug or an environment problem (no bash, unwritable WorkRoot): the step fails, the Executor goes on.
            logger.LogError(exception, "Step {StepId} attempt {Attempt} could not run", step.StepId, step.Attempt);
            result = StepResult.Failed(null, $"executor error: {exception.Message}", "");
        }

        if (result.Outcome == StepOutcome.Cancelled && timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            result = result with { Outcome = StepOutcome.TimedOut, Error = string.Create(CultureInfo.InvariantCulture, $"timed out after {step.TimeoutMilliseconds} ms") };
        }

        // Everything reported from here on (progress, reports, stored events, webhooks, spans) is masked.
        if (step.Secrets is { Count: > 0 } secrets)
        {
            var masker = new SecretMasker(secrets.Values);
            result = result with { Error = masker.ApplyOrNull(result.Error), LogTail = masker.Apply(result.LogTail), Outputs = masker.Apply(result.Outputs) };
        }

        return result.Outcome == StepOutcome.Succeeded ? result with { LayerUnchanged = workspaces.LayerUnchanged(step.RunId, step.Layers) } : result;
    }

    private async Task<StepResult> StoreArtifactsAsync(ExecuteStep step, StepResult result, CancellationToken cancellation)
    {
        var workdir = ShellStepRunner.ResolveWorkdir(step.Workdir, workspaces.DirectoryOf(step.RunId));
        var (stored, error) = await artifacts.StoreOutputsAsync(step, workdir, cancellation);
        return error is null
            ? result with { Artifacts = stored }
            : StepResult.Failed(result.ExitCode, error, result.LogTail) with { Resources = result.Resources };
    }
}
