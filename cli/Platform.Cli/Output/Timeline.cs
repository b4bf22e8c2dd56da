using System.Globalization;
using System.Text;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Simulation;

namespace Platform.Cli.Output;

/// <summary>Draws a simulated run as one bar per step and group on a shared time axis, a legend, then the critical path.</summary>
internal static class Timeline
{
    private const int Width = 48;

    public static string Render(SimulationResult result)
    {
        var report = result.Report;
        var origin = report.StartedAt ?? DateTimeOffset.UnixEpoch;
        var total = Math.Max(result.WallSeconds, 0.001);
        var rows = ReportRows.Indented(report);
        var idWidth = Math.Min(32, Math.Max(4, rows.Max(r => (int?)r.Label.Length) ?? 4));
        var critical = result.CriticalPath.ToHashSet(StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"step".PadRight(idWidth)}  0s{new string(' ', Width - 2 - Seconds(total).Length)}{Seconds(total)}");
        foreach (var (step, label) in rows)
        {
            var bar = new char[Width];
            Array.Fill(bar, '·');
            if (step.StartedAt is { } s && step.FinishedAt is { } f)
            {
                var from = (int)Math.Floor((s - origin).TotalSeconds / total * Width);
                var to = Math.Max(from + 1, (int)Math.Ceiling((f - origin).TotalSeconds / total * Width));
                for (var i = Math.Clamp(from, 0, Width - 1); i < Math.Min(to, Width); i++)
                {
                    bar[i] = step.Kind == NodeKind.Group ? '─' : critical.Contains(step.Id) ? '█' : '▓';
                }
            }

            var id = label.Length > idWidth ? label[..(idWidth - 1)] + "…" : label.PadRight(idWidth);
            var times = step.StartedAt is { } st && step.FinishedAt is { } fi
                ? $"{Seconds((st - origin).TotalSeconds)}–{Seconds((fi - origin).TotalSeconds)}"
                : "";
            sb.AppendLine(CultureInfo.InvariantCulture, $"{id}  {new string(bar)}  {step.Status.ToWire(),-9} {times}");
        }

        sb.AppendLine();
        sb.AppendLine("legend: █ step on the critical path   ▓ other step   ─ group (first child start to end)   · not running");
        sb.AppendLine(CultureInfo.InvariantCulture, $"critical path: {string.Join(" → ", result.CriticalPath)}");
        var speedUp = result.WallSeconds > 0 ? result.SequentialSeconds / result.WallSeconds : 1;
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"wall time {Seconds(result.WallSeconds)} as written; {Seconds(result.SequentialSeconds)} if every step ran in order: {speedUp:0.00}× speed-up");
        sb.AppendLine(CultureInfo.InvariantCulture, $"run {report.Status.ToWire()}; peak {result.PeakInFlight} steps in flight");
        return sb.ToString();
    }

    private static string Seconds(double s) => s.ToString(s >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture) + "s";
}
