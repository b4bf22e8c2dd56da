namespace Platform.Storage;

/// <summary>Run history: optionally by pipeline and status, newest first, one page.</summary>
public sealed record RunQuery(string? PipelineId = null, string? Status = null, int Skip = 0, int Take = 20);
