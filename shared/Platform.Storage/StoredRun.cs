using Platform.Pipelines.Engine;

namespace Platform.Storage;

/// <summary>A run's summary and what is needed to rebuild it: the pipeline text and the given inputs.</summary>
public sealed record StoredRun(
    Guid RunId,
    string? Name,
    string PipelineId,
    string PipelineFile,
    string PipelineYaml,
    IReadOnlyDictionary<string, string> Inputs,
    RunStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? FinishedAt)
{
    public bool IsFinished => Status.IsFinished();
}
