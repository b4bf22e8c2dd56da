using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Reports;
using Platform.Storage;
using Platform.Web.Runs;
using Platform.Web.Timeline;

namespace Platform.Web.Api;

/// <summary><c>/api/runs</c>: list, submit, read, follow, cancel, approve and re-run runs.</summary>
internal static class RunEndpoints
{
    private const int MaxPageSize = 200;

    public static void MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("runs");
        runs.MapGet("/", ListAsync).WithSummary("Runs, newest first: filter by pipeline id, status and text (id, name, pipeline); paged.");
        runs.MapPost("/", SubmitAsync).WithSummary("Submit a run: {pipeline, inputs, runId?}; answered 202 with its id.");
        runs.MapGet("/{id}", ReportAsync).WithSummary("The run's report (the document `platform show --json` prints).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        runs.MapGet("/{id}/timeline", TimelineAsync).WithSummary("The run's Gantt timeline: per step, queued, running, retry-wait and waiting segments; the critical path.");
        runs.MapGet("/{id}/events", RunEventStream.Stream).WithSummary("Server-sent events while the run goes on: `run` (status changed), `log` (a chunk of output), `end`.");
        runs.MapGet("/{id}/steps/{step}/logs", LogsAsync).WithSummary("A step's kept output (secrets masked) after a cursor.");
        runs.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancel a live run: running steps are killed, finally steps still run.");
        runs.MapPost("/{id}/steps/{step}/approve", ApproveAsync).WithSummary("Approve or reject a waiting approval step: {approve, comment}.");
        runs.MapPost("/{id}/rerun", RerunAsync).WithSummary("Re-run a finished run's failed, cancelled and skipped steps (and what depends on them), reusing its successes.");
    }

    private static async Task<Results<Ok<RunList>, ProblemHttpResult>> ListAsync(RunReader reader, string? pipeline, string? status, string? q,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        RunStatus? only = null;
        if (status is { Length: > 0 })
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problems.BadRequest($"status '{status}' is not a run status: use running, waiting, queued, succeeded, failed or cancelled");
            }

            only = parsed;
        }

        var size = Math.Clamp(pageSize ?? 20, 1, MaxPageSize);
        var number = Math.Max(0, page ?? 0);
        var (found, more) = await reader.ListAsync(pipeline, only, q, number, size, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new RunList([.. found.Select(RunSummaries.Of)], number, size, more));
    }

    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> SubmitAsync(SubmitRunBody body, RunReader reader, RunControl control,
        IOptions<WebOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (text, file, problem) = await SubmittedText.ReadAsync(body, options.Value, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var check = PipelineCheck.Of(text!, file);
        if (!check.IsValid)
        {
            return Problems.InvalidPipeline(check.Errors);
        }

        // Secrets are never sent through the API: a pipeline that declares any is refused with the validator's words.
        var (inputs, _, secretErrors) = SecretBinder.Split(check.Pipeline!, body.Inputs ?? [], new Dictionary<string, string>());
        var (_, inputErrors) = InputBinder.Bind(check.Pipeline!, inputs);
        var errors = inputErrors.Concat(secretErrors).ToList();
        if (errors.Count > 0)
        {
            return Problems.BadRequest("The inputs do not fit the pipeline", errors);
        }

        var runId = RunIds.From(body.RunId);
        if (await reader.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return Problems.Conflict("The run id is taken", $"run {runId} exists: a run id names one run (GET /api/runs/{runId})");
        }

        var name = body.RunId is { } given && !Guid.TryParse(given, out _) ? given : null;
        await control.SubmitAsync(new SubmitRun(runId, text!, file, inputs, clock.GetUtcNow(), name), cancellationToken).ConfigureAwait(false);
        var location = $"/api/runs/{runId}";
        return TypedResults.Accepted(location, new RunAccepted(runId, name, location));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReportAsync(string id, RunReader reader, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return Problems.NoRun(id);
        }

        if (await reader.StateAsync(run, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return Problems.Unreadable(run.RunId);
        }

        return TypedResults.Content(ReportJson.Write(state.Report()), "application/json");
    }

    private static async Task<Results<Ok<RunTimeline>, ProblemHttpResult>> TimelineAsync(string id, RunReader reader, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return Problems.NoRun(id);
        }

        return await reader.TimelineAsync(run, cancellationToken).ConfigureAwait(false) is { } timeline
            ? TypedResults.Ok(timeline)
            : Problems.Unreadable(run.RunId);
    }

    private static async Task<Results<Ok<StepLogs>, ProblemHttpResult>> LogsAsync(string id, string step, int? attempt, long? after, RunReader reader,
        CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return Problems.NoRun(id);
        }

        var page = await reader.LogsAsync(run.RunId, step, attempt, after ?? 0, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new StepLogs(run.Status.ToWire(),
            [.. page.Chunks.Select(c => new LogChunkBody(c.Chunk.StepId, c.Chunk.Attempt, c.Chunk.At, c.Chunk.Text))],
            [.. page.Omissions.Select(o => $"attempt {o.Attempt}: {o.Lines} lines ({o.Bytes} bytes) not kept")],
            page.Cursor));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(string id, CancelBody? body, RunReader reader, RunControl control,
        CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return Problems.NoRun(id);
        }

        if (run.IsFinished)
        {
            return Problems.Conflict("The run has ended", $"run {run.RunId} already finished: {run.Status.ToWire()}");
        }

        var reason = body?.Reason is { Length: > 0 } r ? $"{r} (console)" : "asked in the console";
        await control.CancelAsync(run.RunId, reason, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/runs/{run.RunId}");
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ApproveAsync(string id, string step, ApproveBody? body, RunReader reader,
        RunControl control, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return Problems.NoRun(id);
        }

        if (await reader.StateAsync(run, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return Problems.Unreadable(run.RunId);
        }

        var decision = body ?? new ApproveBody();
        var by = string.IsNullOrWhiteSpace(decision.By) ? Environment.UserName : decision.By.Trim();
        if (ApprovalCheck.Refusal(state, step, by) is { } refusal)
        {
            return Problems.Conflict("The decision cannot count", refusal);
        }

        await control.ApproveAsync(run.RunId, step, decision.Approve, by, decision.Comment, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/runs/{run.RunId}");
    }

    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> RerunAsync(string id, RunReader reader, RunControl control,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return Problems.NoRun(id);
        }

        if (await reader.StateAsync(run, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return Problems.Unreadable(run.RunId);
        }

        if (!state.IsFinished)
        {
            return Problems.Conflict("The run has not ended", $"run {run.RunId} is {state.Status.ToWire()}: re-run a finished run");
        }

        if (SecretBinder.Missing(state.Plan.Pipeline, new Dictionary<string, string>()).Any())
        {
            return Problems.Conflict("The run needs secrets", $"run {run.RunId}'s pipeline declares secrets, which are never stored: re-run it with ./platform rerun --secret");
        }

        var (reused, _) = RerunSelection.Select(state, null);
        var newId = Guid.NewGuid();
        await control.SubmitAsync(new SubmitRun(newId, run.PipelineYaml, run.PipelineFile, run.Inputs, clock.GetUtcNow(), RerunOf: run.RunId,
            Reused: [.. reused.Select(r => new ReusedStep(r.Key, r.Value.Outputs, r.Value.ExitCode))]), cancellationToken).ConfigureAwait(false);
        var location = $"/api/runs/{newId}";
        return TypedResults.Accepted(location, new RunAccepted(newId, null, location));
    }
}
