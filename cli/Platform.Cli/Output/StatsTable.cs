using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Pipelines.Engine;
using Platform.Pipelines.History;

namespace Platform.Cli.Output;

/// <summary><c>platform stats</c> as a table (one row per step and group, groups' children indented) or JSON.</summary>
internal static class StatsTable
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Render(PipelineStatistics stats)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"pipeline {stats.PipelineId}: {stats.Runs} runs, {stats.Succeeded} succeeded; wall p50 {Seconds(stats.WallP50)}, p95 {Seconds(stats.WallP95)}");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{"step",-24} {"runs",4} {"ok",5} {"fail",5} {"p50",8} {"p95",8} {"max",8} {"queue",7} {"cpu p50",8} {"cpu max",8} {"mem p50",9} {"mem max",9} {"crit",5} {"change",7}");
        foreach (var s in stats.Steps)
        {
            var label = s.Kind == NodeKind.Step ? s.Id : $"[{s.Id}]";
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{Cut(label, 24),-24} {s.Runs,4} {Rate(s.Succeeded, s.Runs),5} {Rate(s.Failed, s.Runs),5} {Seconds(s.DurationP50),8} {Seconds(s.DurationP95),8} {Seconds(s.DurationMax),8} {Seconds(s.QueueP50),7} {Seconds(s.CpuSecondsP50),8} {Seconds(s.CpuSecondsMax),8} {Memory(s.PeakMemoryP50),9} {Memory(s.PeakMemoryMax),9} {Rate(s.OnCriticalPath, stats.Runs),5} {Change(s.DurationChange),7}");
        }

        foreach (var s in stats.Steps.Where(s => s.Flaky is not null))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"flaky: {s.Id}: {s.Flaky}");
        }

        return sb.ToString();
    }

    private static string Rate(int count, int of) => of == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * count / of:0}%");

    private static string Seconds(double? s) => s is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.###}s") : "-";

    private static string Memory(double? bytes) => bytes is { } b ? ResourceText.Bytes((long)b) : "-";

    private static string Change(double? ratio) => ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:+0;-0;0}%") : "-";

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
