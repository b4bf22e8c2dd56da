using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Web.Api;

/// <summary>A stored run as the API lists it.</summary>
internal static class RunSummaries
{
    public static RunSummary Of(StoredRun run) => new(run.RunId, run.Name, run.PipelineId, run.Status.ToWire(), run.SubmittedAt, run.FinishedAt,
        run.FinishedAt is { } f ? Math.Round((f - run.SubmittedAt).TotalSeconds, 3) : null);
}
