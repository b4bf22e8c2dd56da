using Platform.Pipelines.Engine;
using Platform.Storage;
using Platform.Web.Timeline;
using static Platform.Web.Pages.Html;

namespace Platform.Web.Pages;

/// <summary>
/// <c>/runs/{id}</c>: the run's summary and buttons, its Gantt timeline, steps and graph — one fragment
/// re-rendered on every <c>run</c> server-sent event while the run goes on — and a step's log below.
/// </summary>
internal static class RunPage
{
    public static string Render(StoredRun run, EngineState state, RunTimeline timeline) => Page($"{run.PipelineId} {run.Name ?? run.RunId.ToString()[..8]}", $"""
        <h1><span class="muted">run</span> {E(run.Name ?? run.RunId.ToString())} <span class="muted">of</span> {E(run.PipelineId)} <a class="small" href="/pipelines/{Uri.EscapeDataString(run.PipelineId)}/experiments">experiments</a></h1>
        <div id="live" data-fragment="/runs/{run.RunId}/live" data-events="/api/runs/{run.RunId}/events">{Live(run, state, timeline)}</div>
        <section class="logs"><h2>Log <span id="log-step" class="muted">— choose a step's log</span></h2><pre id="log" data-run="{run.RunId}"></pre></section>
        """);

    public static string Live(StoredRun run, EngineState state, RunTimeline timeline)
    {
        var finished = state.IsFinished;
        var took = ((state.FinishedAt ?? timeline.Now) - (state.StartedAt ?? run.SubmittedAt)).TotalSeconds;
        var buttons = !finished
            ? $"""<button type="button" class="cancel danger" data-post="/api/runs/{run.RunId}/cancel" data-body="{E("{}")}" data-confirm="Cancel this run? Its finally steps still run.">cancel run</button>"""
            : state.Status != RunStatus.Succeeded
                ? $"""<button type="button" class="rerun" data-post="/api/runs/{run.RunId}/rerun" data-body="{E("{}")}">re-run failed</button>"""
                : "";
        var path = timeline.CriticalPath.Count > 0 ? string.Join(" → ", timeline.CriticalPath.Select(E)) : "—";
        var statuses = timeline.Rows.Where(r => r.Kind == NodeKind.Step).GroupBy(r => r.Id.Split('[')[0])
            .ToDictionary(g => g.Key, g => g.Last().Status, StringComparer.Ordinal);
        return $"""
            <div class="summary">
              <div><span class="run-status">{StatusBadge.Of(state.Status)}</span> {buttons}</div>
              <dl>
                <dt>run id</dt><dd><code>{run.RunId}</code>{(state.RerunOf is { } of ? $" · re-run of <a href=\"/runs/{E(of)}\">{E(of[..8])}</a>" : "")}</dd>
                <dt>started</dt><dd>{Time(state.StartedAt ?? run.SubmittedAt)}</dd>
                <dt>{(finished ? "took" : "running for")}</dt><dd>{Seconds(took)}</dd>
                <dt>steps queued</dt><dd title="ready but waiting for a slot, a lock or an Executor, summed over steps">{Seconds(timeline.QueuedSeconds)}</dd>
                <dt>steps ran</dt><dd title="summed over steps: the wall time if nothing ran at once">{Seconds(timeline.RunningSeconds)}</dd>
                <dt>critical path</dt><dd class="critical-path">{path}</dd>
              </dl>
            </div>
            <h2>Timeline</h2>
            <p class="legend"><span class="key seg-queued"></span>queued <span class="key st-running"></span>running <span class="key st-succeeded"></span>succeeded <span class="key st-failed"></span>failed <span class="key seg-retry-wait"></span>retry back-off <span class="key seg-waiting"></span>waiting for approval <span class="key critical"></span>critical path</p>
            {GanttChart.Render(timeline)}
            <h2>Steps</h2>
            {StepTable.Render(timeline)}
            <h2>Graph</h2>
            {PipelineGraph.Render(state.Plan, statuses)}
            """;
    }
}
