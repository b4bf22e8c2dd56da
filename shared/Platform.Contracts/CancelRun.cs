namespace Platform.Contracts;

/// <summary>A user's request to cancel a run: running steps are killed, `finally` still runs.</summary>
public sealed record CancelRun(Guid RunId, string Reason);
