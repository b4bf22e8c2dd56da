using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.ServiceDefaults.InProcess;

namespace Platform.Executor.Resources;

/// <summary>
/// A long step's resource use while it runs: every <c>Executor:ResourceProgressInterval</c> the
/// attempt's figures so far (the meter's samples) go out as <see cref="StepResourcesSampled"/>, for
/// the progress lines of whoever follows the run. Nothing is published for a step that ends sooner,
/// for an unmeasured one, or without a bus (the runners composed alone, in tests).
/// </summary>
public sealed class ResourceProgress(IOptions<ExecutorOptions> options, TimeProvider time, ILogger<ResourceProgress> logger, LateBus? bus = null)
{
    /// <summary>Publishes <paramref name="measurement"/>'s figures until the returned handle is disposed.</summary>
    public IDisposable Start(ExecuteStep step, IAttemptMeasurement measurement)
    {
        var interval = options.Value.ResourceProgressInterval;
        if (bus is not { Exists: true } || interval <= TimeSpan.Zero)
        {
            return NoProgress.Instance;
        }

        var began = time.GetTimestamp();
        return time.CreateTimer(_ => _ = PublishAsync(step, measurement, time.GetElapsedTime(began)), null, interval, interval);
    }

    private async Task PublishAsync(ExecuteStep step, IAttemptMeasurement measurement, TimeSpan running)
    {
        if (measurement.SoFar() is not { } soFar)
        {
            return;
        }

        try
        {
            // Bounded: a sample that cannot go now is worth nothing later.
            using var timeout = new CancellationTokenSource(options.Value.PublishTimeout);
            await bus!.Bus.Publish(new StepResourcesSampled(step.RunId, step.StepId, step.Attempt, time.GetUtcNow(), running, soFar), timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            logger.LogDebug("A resource sample of step {StepId} of run {RunId} was not published: {Error}", step.StepId, step.RunId, e.Message);
        }
    }

    private sealed class NoProgress : IDisposable
    {
        public static readonly NoProgress Instance = new();

        public void Dispose()
        {
        }
    }
}
