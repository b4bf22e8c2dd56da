namespace Platform.Web.Api;

/// <summary>One page of runs, newest first.</summary>
public sealed record RunList(IReadOnlyList<RunSummary> Runs, int Page, int PageSize, bool HasMore);
