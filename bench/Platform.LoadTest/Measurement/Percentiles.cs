namespace Platform.LoadTest.Measurement;

/// <summary>Nearest-rank percentiles over a sample, as bench/run computes them.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> sample, double quantile)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0)
        {
            return double.NaN;
        }

        var sorted = sample.Order().ToArray();
        var index = Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index];
    }

    public static double Median(IReadOnlyCollection<double> sample) => Of(sample, 0.5);

    /// <summary>Rounded for the report: three decimals are below what the clocks resolve.</summary>
    public static double Round(double value) => double.IsNaN(value) ? value : Math.Round(value, 3);
}
