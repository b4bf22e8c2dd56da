namespace Platform.Contracts;

/// <summary>
/// An executor confirms that a cancelled attempt's processes are gone (or never started).
/// <see cref="StartedAt"/> and <see cref="Resources"/>: as in <see cref="StepSucceeded"/>.
/// </summary>
public sealed record StepCancelled(Guid RunId, string StepId, int Attempt, DateTimeOffset At, string Reason, DateTimeOffset? StartedAt = null, ResourceUsage? Resources = null);
