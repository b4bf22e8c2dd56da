namespace Platform.Contracts;

/// <summary>
/// Sent by a Coordinator to the run: no executor has vouched for this attempt for the whole lease
/// (its executor died or was cut off), or its executor abandoned it. The run dispatches the step
/// again as a new attempt; a late result of this one is ignored.
/// </summary>
public sealed record AttemptLeaseExpired(Guid RunId, string StepId, int Attempt, string Reason);
