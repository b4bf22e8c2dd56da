using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Web.Api;

/// <summary>The API's errors as RFC 9457 problem details; a bad pipeline carries the validator's <c>FILE:LINE:COL</c> messages in <c>errors</c>.</summary>
internal static class Problems
{
    public static ProblemHttpResult InvalidPipeline(IReadOnlyList<string> errors) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The pipeline is not valid",
            detail: errors.Count > 0 ? errors[0] : null, extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult BadRequest(string title, IReadOnlyList<string>? errors = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: errors is { Count: > 0 } ? errors[0] : null,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult NoRun(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such run", detail: $"no run '{id}' in the run store");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static ProblemHttpResult Unreadable(Guid runId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The run cannot be rebuilt",
            detail: $"the stored pipeline of run {runId} no longer loads");
}
