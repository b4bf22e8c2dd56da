namespace Platform.Bench.Peers.Measurement;

/// <summary>The statistics of bench/peers/bullmq/run.mjs, computed the same way.</summary>
public static class Stats
{
    public static double? Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        var index = Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1));
        return sorted[index];
    }

    /// <summary>Most intervals open at once; an end and a start at the same instant do not overlap.</summary>
    public static int PeakInFlight(IEnumerable<(double Began, double Ended)> intervals)
    {
        var edges = intervals.SelectMany(i => new[] { (At: i.Began, Delta: 1), (At: i.Ended, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int peak = 0, current = 0;
        foreach (var (_, delta) in edges)
        {
            current += delta;
            peak = Math.Max(peak, current);
        }
        return peak;
    }

    public static double? Round(double? value, int digits = 3) => value is null ? null : Math.Round(value.Value, digits);
}
