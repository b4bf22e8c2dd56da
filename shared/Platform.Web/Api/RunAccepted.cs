namespace Platform.Web.Api;

/// <summary>The answer to a submission or a re-run: the run's id and where to read it.</summary>
public sealed record RunAccepted(Guid RunId, string? Name, string Location);
