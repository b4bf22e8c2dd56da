namespace Platform.Pipelines.Engine;

/// <summary>
/// What an attempt's process tree used: CPU seconds (user + system), peak resident memory, and bytes
/// read and written through read/write system calls. Added up for a step's attempts, a group and a
/// run: CPU and bytes are summed; the peak is the largest single attempt's (peaks of attempts that ran
/// at different times do not add up to a memory anyone needed).
/// </summary>
/// <remarks><see cref="PeakMemoryBytes"/> is null where it was not known; a sum's is the largest known.</remarks>
public sealed record ResourceUse(double CpuSeconds, long? PeakMemoryBytes, long ReadBytes, long WrittenBytes)
{
    public static readonly ResourceUse Zero = new(0, 0, 0, 0);

    public ResourceUse Add(ResourceUse other) => new(
        CpuSeconds + other.CpuSeconds,
        PeakMemoryBytes is { } mine && other.PeakMemoryBytes is { } theirs ? Math.Max(mine, theirs) : PeakMemoryBytes ?? other.PeakMemoryBytes,
        ReadBytes + other.ReadBytes,
        WrittenBytes + other.WrittenBytes);

    /// <summary>The total of <paramref name="uses"/>, or null when none of them was measured.</summary>
    public static ResourceUse? Total(IEnumerable<ResourceUse?> uses)
    {
        ResourceUse? total = null;
        foreach (var use in uses)
        {
            if (use is not null)
            {
                total = total is null ? use : total.Add(use);
            }
        }

        return total;
    }
}
