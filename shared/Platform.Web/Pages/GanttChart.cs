using System.Globalization;
using System.Text;
using Platform.Pipelines.Engine;
using Platform.Web.Timeline;
using static Platform.Web.Pages.Html;

namespace Platform.Web.Pages;

/// <summary>
/// A timeline as an SVG Gantt chart: a row per step and group (indented by nesting), each step's bar cut
/// into queued (hatched), running (its outcome's colour), retry back-off (dashed) and approval wait
/// segments; the critical path outlined; a line at "now" while the run goes on.
/// </summary>
internal static class GanttChart
{
    private const int LabelWidth = 250;
    private const int ChartWidth = 720;
    private const int RowHeight = 22;
    private const int Top = 22;

    public static string Render(RunTimeline timeline)
    {
        var rows = timeline.Rows;
        var starts = rows.SelectMany(r => r.Segments).Select(s => s.From).ToList();
        var t0 = timeline.StartedAt ?? (starts.Count > 0 ? starts.Min() : timeline.Now);
        var t1 = timeline.End > t0 ? timeline.End : t0;
        var span = Math.Max((t1 - t0).TotalSeconds, 0.001);
        double X(DateTimeOffset t) => LabelWidth + (Math.Clamp((t - t0).TotalSeconds, 0, span) / span * ChartWidth);

        var height = Top + (rows.Count * RowHeight) + 8;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg class="gantt" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LabelWidth + ChartWidth + 30} {height}" width="100%" role="img" aria-label="Timeline of run {E(timeline.RunId)}">""");
        svg.Append("""<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e2e8f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#94a3b8" stroke-width="2"/></pattern></defs>""");
        Axis(svg, span, height);
        for (var i = 0; i < rows.Count; i++)
        {
            Row(svg, rows[i], Top + (i * RowHeight), X, timeline.End);
        }

        if (!timeline.Status.IsFinished())
        {
            var now = X(timeline.Now);
            svg.Append(CultureInfo.InvariantCulture, $"""<line class="now" x1="{now:0.#}" x2="{now:0.#}" y1="{Top - 4}" y2="{height}"/>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Axis(StringBuilder svg, double span, int height)
    {
        const int Ticks = 5;
        for (var i = 0; i <= Ticks; i++)
        {
            var x = LabelWidth + (ChartWidth * i / (double)Ticks);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<line class="tick" x1="{x:0.#}" x2="{x:0.#}" y1="{Top - 4}" y2="{height}"/><text class="tick-label" x="{x:0.#}" y="{Top - 8}">{Seconds(span * i / Ticks)}</text>""");
        }
    }

    private static void Row(StringBuilder svg, TimelineRow row, int y, Func<DateTimeOffset, double> x, DateTimeOffset end)
    {
        var critical = row.Critical ? " critical" : "";
        var kind = row.Kind == NodeKind.Group ? "group" : "step";
        svg.Append(CultureInfo.InvariantCulture,
            $"""<g class="row {kind}{critical}" data-step="{E(row.Id)}" data-status="{row.Status.ToWire()}">""");
        svg.Append(CultureInfo.InvariantCulture,
            $"""<text class="label" x="{6 + (row.Depth * 14)}" y="{y + 15}">{(row.Critical ? "◆ " : "")}{E(row.Id)}<title>{E(row.Name ?? row.Id)} · {row.Status.ToWire()}{(row.Reason is null ? "" : " · " + E(row.Reason))}</title></text>""");
        foreach (var segment in row.Segments)
        {
            var from = x(segment.From);
            var width = Math.Max(x(segment.To ?? end) - from, 1.5);
            var barHeight = row.Kind == NodeKind.Group ? 6 : 14;
            var barY = row.Kind == NodeKind.Group ? y + 8 : y + 4;
            var state = segment.Kind == SegmentKind.Running ? (segment.Outcome ?? (segment.To is null ? StepStatus.Running : row.Status)).ToWire() : "none";
            var seconds = ((segment.To ?? end) - segment.From).TotalSeconds;
            var kindWire = segment.Kind switch
            {
                SegmentKind.Queued => "queued",
                SegmentKind.Running => "running",
                SegmentKind.RetryWait => "retry-wait",
                SegmentKind.Waiting => "waiting",
                _ => throw new InvalidOperationException($"a segment kind the chart does not draw: {segment.Kind}"),
            };
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="bar seg-{kindWire} st-{state}{critical}" data-kind="{kindWire}" x="{from:0.##}" y="{barY}" width="{width:0.##}" height="{barHeight}" rx="2"><title>{E(row.Id)} · {kindWire} {Seconds(seconds)} (attempt {segment.Attempt}){(segment.To is null ? " · going on" : "")}</title></rect>""");
        }

        svg.Append("</g>");
    }
}
