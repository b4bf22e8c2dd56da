using System.Globalization;
using System.Text;
using Platform.Pipelines.History;
using Platform.Pipelines.Reports;
using Platform.Storage;
using Platform.Web.Charts;
using static Platform.Web.Pages.Html;

namespace Platform.Web.Pages;

/// <summary>
/// <c>/pipelines/{id}/experiments</c>: the pipeline's <c>platform experiment</c>s kept in the store, newest
/// first; the chosen one's chart (the one <c>experiment --plot</c> draws), its table, knee and the steps
/// that fail only in parallel, and a link to each of its runs.
/// </summary>
internal static class ExperimentPage
{
    public static string Render(string pipelineId, IReadOnlyList<StoredExperiment> experiments, string? chosen)
    {
        var title = $"Experiments of {pipelineId}";
        if (experiments.Count == 0)
        {
            return Page(title, $"""
                <h1><span class="muted">experiments of</span> {E(pipelineId)}</h1>
                <p class="empty">No experiment of this pipeline in the store. Run one: <code>./platform experiment FILE --parallelism 1,2,4,8 --repeat 3</code> (with this console's <code>--store</code>).</p>
                """);
        }

        var shown = experiments.FirstOrDefault(e => e.Experiment == chosen) ?? experiments[0];
        var list = new StringBuilder("""<ul class="experiments">""");
        foreach (var e in experiments)
        {
            var label = $"{Time(e.BeganAt)} · levels {string.Join(", ", e.Result.Levels.Select(l => l.Level))}";
            list.Append(e == shown
                ? $"""<li class="chosen">{E(label)}</li>"""
                : $"""<li><a href="/pipelines/{Uri.EscapeDataString(pipelineId)}/experiments?experiment={Uri.EscapeDataString(e.Experiment)}">{E(label)}</a></li>""");
        }

        list.Append("</ul>");
        return Page(title, $"""
            <h1><span class="muted">experiments of</span> {E(pipelineId)}</h1>
            {list}
            <h2>{E(shown.Experiment)}</h2>
            <figure class="experiment-chart">{ExperimentChart.Svg(shown.Result, pipelineId)}</figure>
            {Table(shown.Result)}
            <p><a href="/?q={Uri.EscapeDataString(shown.Experiment)}">its runs</a></p>
            """);
    }

    private static string Table(ExperimentResult result)
    {
        var html = new StringBuilder("""<table class="experiment"><thead><tr><th>level</th><th>runs</th><th>wall p50</th><th>speed-up</th><th>efficiency</th><th>failed</th><th>cpu p50</th><th>peak memory</th></tr></thead><tbody>""");
        foreach (var l in result.Levels)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"""<tr data-level="{l.Level}"><td>{l.Level}</td><td>{l.Runs}</td><td>{Seconds(l.WallP50)}</td><td>{l.SpeedUp:0.00}×</td><td>{l.Efficiency:0%}</td><td>{l.FailureRate:0%}</td><td>{(l.CpuSecondsP50 is { } c ? Seconds(c) : "—")}</td><td>{(l.PeakMemoryMax is { } m ? ByteSize.Format(m) : "—")}</td></tr>""");
        }

        html.Append("</tbody></table>");
        html.Append(result.Knee is { } knee
            ? string.Create(CultureInfo.InvariantCulture,
                $"""<p class="knee">knee: <strong>{knee}</strong> — the next level gained {result.GainAfterKnee:0%}, under {ExperimentResult.KneeGain:0%}: more parallelism buys little here.</p>""")
            : string.Create(CultureInfo.InvariantCulture, $"""<p class="knee">knee: none among these levels (every step up gained {ExperimentResult.KneeGain:0%} or more).</p>"""));
        foreach (var f in result.ParallelOnly)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"""<p class="parallel-only">fails only in parallel: <code>{E(f.StepId)}</code> (at {string.Join(", ", f.Levels)}; {f.Failures} failures): suspect shared state or contention.</p>""");
        }

        return html.ToString();
    }
}
