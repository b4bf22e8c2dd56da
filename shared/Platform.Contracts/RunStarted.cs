namespace Platform.Contracts;

public sealed record RunStarted(Guid RunId, string PipelineId, DateTimeOffset StartedAt);
