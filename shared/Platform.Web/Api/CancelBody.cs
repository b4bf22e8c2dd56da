namespace Platform.Web.Api;

/// <summary>Why a run is cancelled (optional).</summary>
public sealed record CancelBody(string? Reason = null);
