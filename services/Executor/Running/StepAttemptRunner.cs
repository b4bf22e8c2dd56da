using System.Globalization;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Executor.Running;

/// <summary>
/// Runs one attempt whatever its action: picks the runner and enforces the step's timeout, which
/// ends the attempt like a cancel (process tree killed) but reports <see cref="StepOutcome.TimedOut"/>.
/// </summary>
public sealed class StepAttemptRunner(IEnumerable<IStepRunner> runners, TimeProvider time, ILogger<StepAttemptRunner> logger)
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
            result = await runner.RunAsync(step, attempt.Token);
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

        return result;
    }
}
