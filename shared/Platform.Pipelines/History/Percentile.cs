namespace Platform.Pipelines.History;

/// <summary>Nearest-rank percentiles: the p-th of n sorted values is the ⌈p/100 · n⌉-th (p50 of 1,2,3,4 is 2).</summary>
public static class Percentile
{
    public static double? Of(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
