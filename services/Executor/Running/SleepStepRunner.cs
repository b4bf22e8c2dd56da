using System.Globalization;
using Platform.Contracts;

namespace Platform.Executor.Running;

/// <summary>Runs a <c>sleep:</c> step: waits, cancellably, for the duration to the millisecond.</summary>
public sealed class SleepStepRunner(SleepTimer timer, TimeProvider time) : IStepRunner
{
    public bool CanRun(ExecuteStep step) => step.SleepMilliseconds is not null;

    public async Task<StepResult> RunAsync(ExecuteStep step, CancellationToken cancellation)
    {
        var duration = TimeSpan.FromMilliseconds(Math.Max(0, step.SleepMilliseconds ?? 0));
        var started = time.GetTimestamp();
        try
        {
            await timer.Delay(duration, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return StepResult.Cancelled(string.Create(CultureInfo.InvariantCulture, $"slept {time.GetElapsedTime(started).TotalMilliseconds:0} of {duration.TotalMilliseconds:0} ms\n"));
        }

        return StepResult.Succeeded(null, new Dictionary<string, string>(), string.Create(CultureInfo.InvariantCulture, $"slept {duration.TotalMilliseconds:0} ms\n"));
    }
}
