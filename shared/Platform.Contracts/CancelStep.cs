namespace Platform.Contracts;

/// <summary>Kill a step attempt's process tree (or make sure it never starts if still queued).</summary>
public sealed record CancelStep(Guid RunId, string StepId, int Attempt, string Reason);
