using System.Diagnostics;
using Platform.LoadTest.Measurement;

namespace Platform.LoadTest.Load;

/// <summary>Runs each rate for a fixed time, waits for its runs to drain, and measures them.</summary>
public sealed class Ladder(OpenLoopSubmitter submitter, RunTracker tracker, string mode)
{
    List<TrackedRun> _unfinished = [];

    public async Task WarmUpAsync(int runs)
    {
        for (var i = 0; i < runs; i++)
        {
            var run = submitter.SubmitOne(out var published);
            await published;
            await run.Finished.WaitAsync(TimeSpan.FromSeconds(60));
            tracker.Forget([run]);
        }
    }

    public async Task<LadderRung> RunAsync(double rate, TimeSpan duration, TimeSpan drain)
    {
        var (runs, maxLagMs) = await submitter.SubmitAsync(rate, duration);
        try
        {
            await Task.WhenAll(runs.Select(r => r.Finished)).WaitAsync(drain);
        }
        catch (TimeoutException)
        {
            // Reported as unfinished runs.
        }

        var finished = runs.Where(r => r.FinishedAt is not null).ToList();
        var latencies = finished.Select(r => r.LatencyMs).ToList();
        var achieved = 0.0;
        if (finished.Count > 1)
        {
            var ends = finished.Select(r => r.FinishedAt!.Value).ToList();
            var span = Stopwatch.GetElapsedTime(ends.Min(), ends.Max()).TotalSeconds;
            achieved = span > 0 ? (finished.Count - 1) / span : double.NaN;
        }

        _unfinished = runs.Where(r => r.FinishedAt is null).ToList();
        tracker.Forget(finished);
        var unfinished = _unfinished.Count;
        return new LadderRung(mode, rate, duration.TotalSeconds, runs.Count, finished.Count,
            finished.Count(r => r.Status == "succeeded"), unfinished,
            Percentiles.Round(Percentiles.Median(latencies)), Percentiles.Round(Percentiles.Of(latencies, 0.99)),
            Percentiles.Round(latencies.Count > 0 ? latencies.Max() : double.NaN),
            Percentiles.Round(achieved), Percentiles.Round(maxLagMs),
            Behind: unfinished > 0 || (runs.Count > 1 && achieved < 0.9 * rate));
    }

    /// <summary>Cancels what the last rate left running, so nothing of the ladder outlives it.</summary>
    public async Task CancelUnfinishedAsync(TimeSpan timeout)
    {
        await Task.WhenAll(_unfinished.Select(r => submitter.CancelAsync(r.RunId, "ladder: drain timed out")));
        try
        {
            await Task.WhenAll(_unfinished.Select(r => r.Finished)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"ladder: {_unfinished.Count(r => r.FinishedAt is null)} runs still not finished after the cancel");
        }
    }
}
