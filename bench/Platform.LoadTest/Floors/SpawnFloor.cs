using System.Diagnostics;
using Platform.LoadTest.Measurement;

namespace Platform.LoadTest.Floors;

/// <summary>The machine's floor for a shell step: spawn a process and reap it, nothing else.</summary>
public static class SpawnFloor
{
    /// <returns>Milliseconds for each of <paramref name="count"/> spawn-and-wait cycles.</returns>
    public static List<double> Measure(string fileName, IReadOnlyList<string> arguments, int count)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var startInfo = new ProcessStartInfo(fileName) { UseShellExecute = false };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            var started = Stopwatch.GetTimestamp();
            using (var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}"))
            {
                process.WaitForExit();
            }

            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }

    public static SpawnFloorResult Summarize(string command, List<double> samples) =>
        new(command, samples.Count, Percentiles.Round(Percentiles.Median(samples)), Percentiles.Round(Percentiles.Of(samples, 0.99)));
}
