using System.Globalization;

namespace Platform.LoadTest.Measurement;

/// <summary>A process's resident set size, VmRSS in /proc/PID/status (Linux).</summary>
public static class ResidentMemory
{
    public static long KilobytesOf(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var number = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(number, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{processId}/status has no VmRSS line");
    }

    /// <summary>The median of a few samples, so one GC in progress does not decide the figure.</summary>
    public static async Task<long> SampleAsync(int processId, int samples = 5)
    {
        var values = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            values.Add(KilobytesOf(processId));
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return (long)Percentiles.Median(values);
    }
}
