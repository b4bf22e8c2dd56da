using System.Text;
using Platform.Pipelines.Engine;
using Platform.Web.Timeline;
using static Platform.Web.Pages.Html;

namespace Platform.Web.Pages;

/// <summary>A run's steps as a table: status, attempts, queued and running time, reason; a log button per step, approve and reject on a waiting gate.</summary>
internal static class StepTable
{
    public static string Render(RunTimeline timeline)
    {
        var html = new StringBuilder("""<table class="steps"><thead><tr><th>step</th><th>status</th><th>attempts</th><th>queued</th><th>ran</th><th>reason</th><th></th></tr></thead><tbody>""");
        foreach (var row in timeline.Rows)
        {
            var queued = Sum(row, SegmentKind.Queued, timeline.End);
            var ran = Sum(row, SegmentKind.Running, timeline.End);
            var step = row.Kind == NodeKind.Step;
            html.Append($"""<tr class="{(step ? "step" : "group")}{(row.Critical ? " critical" : "")}" data-step="{E(row.Id)}">""");
            html.Append($"""<td style="padding-left:{0.5 + (row.Depth * 1.1):0.#}em">{(row.Critical ? "◆ " : "")}{E(row.Id)}</td><td>{StatusBadge.Of(row.Status)}</td>""");
            html.Append($"""<td>{(step ? row.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}</td><td>{(step && queued > 0 ? Seconds(queued) : "")}</td><td>{(ran > 0 ? Seconds(ran) : "")}</td><td class="reason">{E(row.Reason)}</td><td class="actions">""");
            if (step)
            {
                html.Append($"""<button type="button" class="show-log" data-log="{E(row.Id)}">log</button>""");
            }

            if (row.Status == StepStatus.Waiting)
            {
                var url = $"/api/runs/{timeline.RunId}/steps/{Uri.EscapeDataString(row.Id)}/approve";
                html.Append($"""<button type="button" class="approve" data-post="{E(url)}" data-body="{E("{\"approve\":true}")}">approve</button>""");
                html.Append($"""<button type="button" class="reject" data-post="{E(url)}" data-body="{E("{\"approve\":false}")}" data-ask="Why reject?">reject</button>""");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }

    private static double Sum(TimelineRow row, SegmentKind kind, DateTimeOffset end) =>
        row.Segments.Where(s => s.Kind == kind).Sum(s => ((s.To ?? end) - s.From).TotalSeconds);
}
