using System.Text;
using Platform.Storage;
using static Platform.Web.Pages.Html;

namespace Platform.Web.Pages;

/// <summary><c>/</c>: runs newest first, filtered by text, pipeline and status; the table refreshes itself every two seconds.</summary>
internal static class RunsPage
{
    public static string Render(string query, string? q, string? pipeline, string? status, string table) => Page("Runs", $"""
        <h1>Runs</h1>
        <form class="filter" method="get" action="/">
          <input type="search" name="q" placeholder="id, name or pipeline" value="{E(q)}">
          <input type="text" name="pipeline" placeholder="pipeline id" value="{E(pipeline)}">
          <select name="status">{Options(status)}</select>
          <button type="submit">filter</button>
        </form>
        <div id="runs" data-fragment="/runs/table{E(query)}" data-every="2000">{table}</div>
        """);

    public static string Table(IReadOnlyList<StoredRun> runs, bool hasMore, int page, string query, DateTimeOffset now)
    {
        if (runs.Count == 0)
        {
            return """<p class="empty">No runs yet. Submit one: <code>POST /api/runs</code> with <code>{"pipeline": "…yaml…"}</code>, or paste one in the <a href="/editor">editor</a>.</p>""";
        }

        var html = new StringBuilder("""<table class="runs"><thead><tr><th>run</th><th>pipeline</th><th>status</th><th>submitted</th><th>took</th></tr></thead><tbody>""");
        foreach (var run in runs)
        {
            // A live run's time so far, in italics: the list refreshes itself, so it grows.
            var took = run.FinishedAt is { } f ? Seconds((f - run.SubmittedAt).TotalSeconds) : $"<i>{Seconds(Math.Max(0, (now - run.SubmittedAt).TotalSeconds))}</i>";
            html.Append($"""<tr data-run="{run.RunId}"><td><a href="/runs/{run.RunId}">{E(run.Name ?? run.RunId.ToString()[..8])}</a></td><td>{E(run.PipelineId)}</td><td>{StatusBadge.Of(run.Status)}</td><td>{Time(run.SubmittedAt)}</td><td>{took}</td></tr>""");
        }

        html.Append("</tbody></table>");
        // The same filters, another page.
        var filters = string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("page=", StringComparison.Ordinal)));
        string PageLink(int number) => E($"/?{(filters.Length > 0 ? filters + "&" : "")}page={number}");
        if (page > 0 || hasMore)
        {
            html.Append("""<p class="pager">""");
            if (page > 0)
            {
                html.Append($"""<a href="{PageLink(page - 1)}">newer</a> """);
            }

            if (hasMore)
            {
                html.Append($"""<a href="{PageLink(page + 1)}">older</a>""");
            }

            html.Append("</p>");
        }

        return html.ToString();
    }

    private static string Options(string? selected) => string.Concat(new[] { "", "running", "waiting", "queued", "succeeded", "failed", "cancelled" }
        .Select(s => $"""<option value="{s}"{(string.Equals(s, selected ?? "", StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{(s.Length == 0 ? "any status" : s)}</option>"""));
}
