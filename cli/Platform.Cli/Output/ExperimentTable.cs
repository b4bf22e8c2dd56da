using System.Globalization;
using System.Text;
using Platform.Pipelines.History;

namespace Platform.Cli.Output;

/// <summary><c>platform experiment</c>'s table: a row per level, then the knee and the steps that fail only in parallel.</summary>
internal static class ExperimentTable
{
    public static string Render(ExperimentResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{"level",5}  {"runs",4}  {"wall p50",9}  {"speed-up",8}  {"efficiency",10}  {"failed",6}  {"cpu p50",8}  {"peak mem",9}");
        foreach (var l in result.Levels)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{l.Level,5}  {l.Runs,4}  {l.WallP50,8:0.000}s  {l.SpeedUp,7:0.00}×  {l.Efficiency,9:0%}  {l.FailureRate,6:0%}  {Cpu(l.CpuSecondsP50),8}  {Memory(l.PeakMemoryMax),9}");
        }

        sb.AppendLine(result.Knee is { } knee
            ? string.Create(CultureInfo.InvariantCulture,
                $"knee: {knee} (the next level gained {result.GainAfterKnee:0%}, under {ExperimentResult.KneeGain:0%}: more parallelism buys little here)")
            : $"knee: none among these levels (every step up gained {ExperimentResult.KneeGain:0%} or more)");
        foreach (var f in result.ParallelOnly)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"fails only in parallel: {f.StepId} (at {string.Join(", ", f.Levels)}; {f.Failures} failures): suspect shared state or contention");
        }

        return sb.ToString();
    }

    private static string Cpu(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:0.00}s") : "-";

    private static string Memory(long? bytes) => bytes is { } b ? ResourceText.Bytes(b) : "-";
}
