namespace Platform.Contracts;

/// <summary>One attempt of one step of one run, as named in heartbeats.</summary>
public sealed record AttemptRef(Guid RunId, string StepId, int Attempt);
