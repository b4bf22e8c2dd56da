using System.Diagnostics;
using Platform.LoadTest.Measurement;

namespace Platform.LoadTest.Load;

/// <summary>
/// Holds many runs in flight (their one step sleeps long), reads the holder's VmRSS, then cancels
/// them all and waits for their ends.
/// </summary>
public sealed class MemoryProbe(OpenLoopSubmitter submitter, int processId, string mode)
{
    public async Task<MemoryResult> RunAsync(int runs, int warmup, TimeSpan timeout)
    {
        // Warm-up on the same path (submit, start, cancel), so JIT and pools are not counted per run.
        await HoldAndCancelAsync(warmup, timeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var idle = await ResidentMemory.SampleAsync(processId);

        var (held, started, secondsToStart) = await HoldAsync(runs, timeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var loaded = await ResidentMemory.SampleAsync(processId);

        var finished = await CancelAsync(held, timeout);
        var after = await ResidentMemory.SampleAsync(processId);
        return new MemoryResult(mode, processId, runs, started, Percentiles.Round(secondsToStart), idle, loaded, after,
            Percentiles.Round((loaded - idle) / (double)runs), finished);
    }

    async Task HoldAndCancelAsync(int runs, TimeSpan timeout)
    {
        var (held, _, _) = await HoldAsync(runs, timeout);
        await CancelAsync(held, timeout);
    }

    async Task<(List<TrackedRun> Runs, int Started, double Seconds)> HoldAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var runs = new List<TrackedRun>(count);
        foreach (var batch in Enumerable.Range(0, count).Chunk(100))
        {
            var publishes = new List<Task>();
            foreach (var _ in batch)
            {
                runs.Add(submitter.SubmitOne(out var published));
                publishes.Add(published);
            }

            await Task.WhenAll(publishes);
        }

        try
        {
            await Task.WhenAll(runs.Select(r => r.Started)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"memory: only {runs.Count(r => r.Started.IsCompleted)} of {count} runs started in {timeout}");
        }

        return (runs, runs.Count(r => r.Started.IsCompleted), clock.Elapsed.TotalSeconds);
    }

    async Task<int> CancelAsync(List<TrackedRun> runs, TimeSpan timeout)
    {
        await Task.WhenAll(runs.Select(r => submitter.CancelAsync(r.RunId, "memory probe done")));
        try
        {
            await Task.WhenAll(runs.Select(r => r.Finished)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"memory: {runs.Count(r => r.FinishedAt is null)} runs not finished {timeout} after the cancel");
        }

        return runs.Count(r => r.FinishedAt is not null);
    }
}
