using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Pipelines.Engine;
using Platform.Web.Api;
using Platform.Web.Runs;

namespace Platform.Web.Pages;

/// <summary>The console's pages, the fragments they refresh themselves from, and their assets; none is part of the API document.</summary>
internal static class ConsolePages
{
    public static void MapConsolePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapGet("/", RunsAsync);
        pages.MapGet("/runs/table", RunsTableAsync);
        pages.MapGet("/runs/{id}", RunAsync);
        pages.MapGet("/runs/{id}/live", LiveAsync);
        pages.MapGet("/pipelines/{id}/experiments", ExperimentsAsync);
        pages.MapGet("/editor", () => HtmlResult(EditorPage.Render()));
        pages.MapPost("/editor/preview", Preview);
        pages.MapGet("/assets/{name}", ConsoleAssets.Serve);
    }

    private static IResult HtmlResult(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static async Task<IResult> RunsAsync(HttpRequest request, RunReader reader, string? q, string? pipeline, string? status, int? page,
        CancellationToken cancellationToken)
    {
        var table = await TableAsync(request, reader, q, pipeline, status, page, cancellationToken).ConfigureAwait(false);
        return HtmlResult(RunsPage.Render(request.QueryString.Value ?? "", q, pipeline, status, table));
    }

    private static async Task<IResult> RunsTableAsync(HttpRequest request, RunReader reader, string? q, string? pipeline, string? status, int? page,
        CancellationToken cancellationToken) =>
        HtmlResult(await TableAsync(request, reader, q, pipeline, status, page, cancellationToken).ConfigureAwait(false));

    private static async Task<string> TableAsync(HttpRequest request, RunReader reader, string? q, string? pipeline, string? status, int? page,
        CancellationToken cancellationToken)
    {
        RunStatus? only = Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) ? parsed : null;
        var number = Math.Max(0, page ?? 0);
        var (runs, more) = await reader.ListAsync(pipeline is { Length: > 0 } ? pipeline : null, only, q, number, 25, cancellationToken).ConfigureAwait(false);
        return RunsPage.Table(runs, more, number, request.QueryString.Value ?? "", reader.Now);
    }

    private static async Task<IResult> RunAsync(string id, RunReader reader, CancellationToken cancellationToken) =>
        await LoadAsync(id, reader, cancellationToken).ConfigureAwait(false) is { } loaded
            ? HtmlResult(RunPage.Render(loaded.Run, loaded.State, loaded.Timeline))
            : HtmlResult(NoRunYet(id), StatusCodes.Status404NotFound);

    /// <summary>
    /// A run answered 202 is stored once a Coordinator takes it, a moment later: for a run id the page
    /// looks again every second instead of saying no for good.
    /// </summary>
    private static string NoRunYet(string id) => Html.Page("No such run", Guid.TryParse(id, out _)
        ? $"""<meta http-equiv="refresh" content="1"><h1>Run {Html.E(id)} is not in the run store yet</h1><p class="muted">A run just submitted appears here once a Coordinator has taken it; this page looks again every second. <a href="/">All runs</a></p>"""
        : $"""<h1>No run '{Html.E(id)}'</h1><p><a href="/">All runs</a></p>""");

    private static async Task<IResult> LiveAsync(string id, RunReader reader, CancellationToken cancellationToken) =>
        await LoadAsync(id, reader, cancellationToken).ConfigureAwait(false) is { } loaded
            ? HtmlResult(RunPage.Live(loaded.Run, loaded.State, loaded.Timeline))
            : Results.NotFound();

    private static async Task<(Storage.StoredRun Run, EngineState State, Timeline.RunTimeline Timeline)?> LoadAsync(string id, RunReader reader,
        CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } run
            || await reader.StateAsync(run, cancellationToken).ConfigureAwait(false) is not { } state
            || await reader.TimelineAsync(run, cancellationToken).ConfigureAwait(false) is not { } timeline)
        {
            return null;
        }

        return (run, state, timeline);
    }

    private static async Task<IResult> ExperimentsAsync(string id, string? experiment, RunReader reader, CancellationToken cancellationToken) =>
        HtmlResult(ExperimentPage.Render(id, await Storage.ExperimentHistory.ListAsync(reader.Store, id, cancellationToken).ConfigureAwait(false), experiment));

    private static IResult Preview(EditorInput input)
    {
        var check = PipelineCheck.Of(input.Pipeline ?? "", null);
        if (!check.IsValid)
        {
            return HtmlResult(EditorPage.Errors(check.Errors));
        }

        var (answer, errors) = PipelineSimulation.Run(check.Pipeline!, new PipelineBody(input.Pipeline!, SequentialGroups: input.SequentialGroups));
        return HtmlResult(answer is null
            ? EditorPage.Errors(errors)
            : EditorPage.Simulation(answer, input.SequentialGroups ?? []) + PipelineGraph.Render(RunPlan.Compile(check.Pipeline!), new Dictionary<string, StepStatus>()));
    }
}
