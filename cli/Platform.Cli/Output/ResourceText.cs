using System.Globalization;
using Platform.Contracts;
using Platform.Pipelines.Engine;

namespace Platform.Cli.Output;

/// <summary>Resource figures as a person reads them: <c>cpu 1.02s, peak 212 MB, read 4.1 MB, written 0 B</c>.</summary>
internal static class ResourceText
{
    public static string Format(ResourceUse use) => Format(use.CpuSeconds, use.PeakMemoryBytes, use.ReadBytes, use.WrittenBytes);

    public static string Format(ResourceUsage use) => Format(use.CpuSeconds, use.PeakMemoryBytes, use.ReadBytes, use.WrittenBytes);

    private static string Format(double cpuSeconds, long? peak, long read, long written) => string.Create(CultureInfo.InvariantCulture,
        $"cpu {cpuSeconds:0.00}s, peak {(peak is { } p ? Bytes(p) : "?")}, read {Bytes(read)}, written {Bytes(written)}");

    public static string Bytes(long bytes) => Pipelines.Reports.ByteSize.Format(bytes);
}
