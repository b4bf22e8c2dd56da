using System.Text;
using Platform.Web.Api;
using static Platform.Web.Pages.Html;

namespace Platform.Web.Pages;

/// <summary>
/// <c>/editor</c>: paste a pipeline, see the validator's errors at their line, or the simulated timeline
/// with its critical path and the wall time as declared against all sequential.
/// </summary>
internal static class EditorPage
{
    private const string Example = """
        id: release
        steps:
          - { id: checkout, sleep: 2s }
          - parallel:
              - { id: unit-tests, sleep: 20s }
              - { id: lint, sleep: 5s }
              - { id: build-image, sleep: 12s }
          - { id: deploy, sleep: 8s }
        """;

    public static string Render() => Page("Editor", $"""
        <h1>Pipeline editor</h1>
        <form id="editor" class="editor" data-preview="/editor/preview">
          <textarea name="pipeline" spellcheck="false" rows="18">{E(Example)}</textarea>
          <div class="editor-actions"><button type="submit">validate &amp; simulate</button><button type="button" id="run-pipeline">run it</button></div>
        </form>
        <div id="preview"></div>
        """);

    public static string Errors(IReadOnlyList<string> errors)
    {
        var html = new StringBuilder("""<div class="problems"><h2>Not valid</h2><ul>""");
        foreach (var error in errors)
        {
            // FILE:LINE:COL: a click puts the cursor there in the text.
            var at = System.Text.RegularExpressions.Regex.Match(error, @"^[^:]*:(\d+):(\d+):");
            html.Append(at.Success
                ? $"""<li><a href="#" class="at" data-line="{at.Groups[1].Value}" data-col="{at.Groups[2].Value}"><code>{E(error)}</code></a></li>"""
                : $"""<li><code>{E(error)}</code></li>""");
        }

        return html.Append("</ul></div>").ToString();
    }

    public static string Simulation(SimulationAnswer answer, IReadOnlyList<string> sequentialGroups)
    {
        var saved = answer.SequentialWallSeconds > 0 ? 1 - (answer.DeclaredWallSeconds / answer.SequentialWallSeconds) : 0;
        var toggles = new StringBuilder();
        foreach (var group in answer.Groups)
        {
            var on = sequentialGroups.Contains(group, StringComparer.Ordinal) ? " checked" : "";
            toggles.Append($"""<label class="toggle"><input type="checkbox" name="group" value="{E(group)}"{on}> {E(group)} sequential</label>""");
        }

        return $"""
            <div class="summary">
              <p class="toggles">{(answer.Groups.Count == 0 ? "No group runs children at once: nothing to toggle." : "Toggle a group and compare: " + toggles)}</p>
              <dl>
                <dt>wall time{(sequentialGroups.Count > 0 ? " with " + E(string.Join(", ", sequentialGroups)) + " sequential" : "")}</dt><dd class="wall">{Seconds(answer.WallSeconds)}</dd>
                <dt>as declared</dt><dd class="declared-wall">{Seconds(answer.DeclaredWallSeconds)}</dd>
                <dt>all sequential</dt><dd class="sequential-wall">{Seconds(answer.SequentialWallSeconds)}</dd>
                <dt>parallelism as declared saves</dt><dd>{saved:P0}</dd>
                <dt>critical path</dt><dd class="critical-path">{string.Join(" → ", answer.CriticalPath.Select(E))}</dd>
              </dl>
            </div>
            {GanttChart.Render(answer.Timeline)}
            """;
    }
}
