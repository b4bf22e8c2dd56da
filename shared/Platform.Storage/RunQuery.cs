using Platform.Pipelines.Engine;

namespace Platform.Storage;

/// <summary>Run history: optionally by pipeline, status and the start of the run id (lower-case hex), newest first, one page.</summary>
public sealed record RunQuery(string? PipelineId = null, RunStatus? Status = null, int Skip = 0, int Take = 20, string? IdPrefix = null);
