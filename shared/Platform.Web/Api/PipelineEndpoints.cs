using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Platform.Web.Runs;

namespace Platform.Web.Api;

/// <summary><c>/api/pipelines</c>: validate and simulate a pipeline text without running it; a pipeline's stored experiments.</summary>
internal static class PipelineEndpoints
{
    public static void MapPipelineEndpoints(this IEndpointRouteBuilder app)
    {
        var pipelines = app.MapGroup("/api/pipelines").WithTags("pipelines");
        pipelines.MapPost("/validate", Validate).WithSummary("Validate a pipeline text: 200 with its id, or 400 with FILE:LINE:COL errors.");
        pipelines.MapGet("/{id}/experiments", ExperimentsAsync)
            .WithSummary("The pipeline's `platform experiment`s kept in the store, newest first: per level wall p50, speed-up, efficiency, failures, CPU, memory; the knee; steps that fail only in parallel.");
        pipelines.MapPost("/simulate", Simulate).WithSummary("Simulate a pipeline text on a virtual clock: wall time as declared and all sequential, critical path, timeline.");
    }

    private static async Task<Ok<IReadOnlyList<Storage.StoredExperiment>>> ExperimentsAsync(string id, RunReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await Storage.ExperimentHistory.ListAsync(reader.Store, id, cancellationToken).ConfigureAwait(false));

    private static Results<Ok<ValidationAnswer>, ProblemHttpResult> Validate(PipelineBody body)
    {
        var check = PipelineCheck.Of(body.Pipeline ?? "", null);
        return check.IsValid ? TypedResults.Ok(new ValidationAnswer(check.Pipeline!.Id, check.Warnings)) : Problems.InvalidPipeline(check.Errors);
    }

    private static Results<Ok<SimulationAnswer>, ProblemHttpResult> Simulate(PipelineBody body)
    {
        var check = PipelineCheck.Of(body.Pipeline ?? "", null);
        if (!check.IsValid)
        {
            return Problems.InvalidPipeline(check.Errors);
        }

        var (answer, errors) = PipelineSimulation.Run(check.Pipeline!, body);
        return answer is not null ? TypedResults.Ok(answer) : Problems.BadRequest("The simulation's settings do not fit the pipeline", errors);
    }
}
