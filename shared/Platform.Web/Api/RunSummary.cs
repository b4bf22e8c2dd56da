namespace Platform.Web.Api;

/// <summary>A run in a list.</summary>
public sealed record RunSummary(Guid RunId, string? Name, string Pipeline, string Status, DateTimeOffset SubmittedAt, DateTimeOffset? FinishedAt,
    double? Seconds);
