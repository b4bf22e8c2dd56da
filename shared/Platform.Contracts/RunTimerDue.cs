namespace Platform.Contracts;

/// <summary>
/// A run's timer is due (a retry delay, a step, group or run deadline). The Coordinator sends it to
/// itself: RabbitMQ here has no delayed-message plugin, so timers are kept by the Coordinator.
/// </summary>
public sealed record RunTimerDue(Guid RunId, string Kind, string NodeId, int Attempt, DateTimeOffset DueAt);
