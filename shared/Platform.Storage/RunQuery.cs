using Platform.Pipelines.Engine;

namespace Platform.Storage;

/// <summary>Run history: optionally by pipeline and status, newest first, one page.</summary>
public sealed record RunQuery(string? PipelineId = null, RunStatus? Status = null, int Skip = 0, int Take = 20);
