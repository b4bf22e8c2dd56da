using System.Globalization;
using System.Text;
using Platform.Pipelines.Engine;

namespace Platform.Cli.Output;

/// <summary>The human report after a run: one line per step and group (steps indented under their group), then the run's outcome.</summary>
internal static class SummaryTable
{
    public static string Render(RunReport report)
    {
        var rows = ReportRows.Indented(report);
        var idWidth = Math.Clamp(rows.Max(r => (int?)r.Label.Length) ?? 4, 4, 40);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"step".PadRight(idWidth)}  {"status",-10} {"took",8}  {"tries",5}  note");
        foreach (var (step, label) in rows)
        {
            var took = step.StartedAt is { } s && step.FinishedAt is { } f ? Seconds((f - s).TotalSeconds) : "";
            var note = step.Reason ?? (step.Outputs.Count > 0 ? string.Join(", ", step.Outputs.Select(o => $"{o.Key}={o.Value}")) : "");
            if (note.Length > 100)
            {
                note = note[..97] + "...";
            }

            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{Fit(label, idWidth)}  {step.Status.ToWire(),-10} {took,8}  {(step.Attempts > 0 ? step.Attempts.ToString(CultureInfo.InvariantCulture) : ""),5}  {note}");
            foreach (var artifact in step.Artifacts)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"{new string(' ', idWidth + 2)}artifact {artifact.Path}  {ResourceText.Bytes(artifact.Size)}  sha256:{artifact.Digest}");
            }
        }

        var wall = report.StartedAt is { } rs && report.FinishedAt is { } rf ? $" in {Seconds((rf - rs).TotalSeconds)}" : "";
        var rerun = report.RerunOf is { } original ? $" (a re-run of run {original})" : "";
        sb.AppendLine(CultureInfo.InvariantCulture, $"run {(report.Name is { } name ? $"{name} ({report.RunId})" : report.RunId)} {report.Status.ToWire()}{wall}{rerun}");
        if (report.ConcurrencyCap is { } cap)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"override: {(cap == 1 ? "--sequential (every group one child at a time, one step at a time)" : $"--concurrency {cap} (every group and the run)")}");
        }

        if (report.Resources is { } used)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"resources: {ResourceText.Format(used)}");
        }
        return sb.ToString();
    }

    private static string Fit(string label, int width) => label.Length > width ? label[..(width - 1)] + "…" : label.PadRight(width);

    private static string Seconds(double s) => s.ToString("0.000", CultureInfo.InvariantCulture) + "s";
}
