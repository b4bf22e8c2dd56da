namespace Platform.Web.Api;

/// <summary>A decision on a waiting approval step; <see cref="By"/> defaults to the server's user.</summary>
public sealed record ApproveBody(bool Approve = true, string? Comment = null, string? By = null);
