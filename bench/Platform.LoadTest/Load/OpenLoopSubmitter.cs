using System.Diagnostics;
using MassTransit;
using Platform.Contracts;

namespace Platform.LoadTest.Load;

/// <summary>
/// Submits runs on a fixed schedule, whatever happens to the runs already submitted (open loop):
/// run i is due at i / rate seconds after the first. Publishing is not awaited in the loop, so a slow
/// broker shows as latency, not as a slower schedule.
/// </summary>
public sealed class OpenLoopSubmitter(IBus bus, RunTracker tracker, string pipelineYaml, string pipelineFile)
{
    static readonly Dictionary<string, string> NoInputs = [];

    public TrackedRun SubmitOne(out Task published)
    {
        var run = tracker.Add();
        published = bus.Publish(new SubmitRun(run.RunId, pipelineYaml, pipelineFile, NoInputs, DateTimeOffset.UtcNow));
        return run;
    }

    public Task CancelAsync(Guid runId, string reason) => bus.Publish(new CancelRun(runId, reason));

    /// <returns>The runs submitted and the latest any submission went out after its due time, in ms.</returns>
    public async Task<(List<TrackedRun> Runs, double MaxLagMs)> SubmitAsync(double rate, TimeSpan duration)
    {
        var count = Math.Max(1, (int)Math.Round(rate * duration.TotalSeconds));
        var runs = new List<TrackedRun>(count);
        var publishes = new List<Task>(count);
        var first = Stopwatch.GetTimestamp();
        var maxLagMs = 0.0;
        for (var i = 0; i < count; i++)
        {
            var due = first + (long)(i * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            runs.Add(SubmitOne(out var published));
            publishes.Add(published);
            maxLagMs = Math.Max(maxLagMs, Stopwatch.GetElapsedTime(due, runs[^1].SubmittedAt).TotalMilliseconds);
        }

        await Task.WhenAll(publishes);
        return (runs, maxLagMs);
    }
}
