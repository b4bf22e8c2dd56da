namespace Platform.Notifier.Notifications;

/// <summary>
/// What the Notifier has sent, so a redelivered RunFinished does not notify twice.
/// The in-memory implementation forgets on restart; a durable store can replace it.
/// </summary>
public interface INotificationLog
{
    /// <summary>
    /// Claims <paramref name="key"/> for delivery. False when it was already sent or skipped, or
    /// another consumer is delivering it now; a failed one may be claimed again.
    /// </summary>
    ValueTask<bool> TryClaimAsync(NotificationKey key, CancellationToken cancellationToken);

    /// <summary>Records how a claimed delivery ended.</summary>
    ValueTask CompleteAsync(NotificationKey key, NotificationOutcome outcome, string? detail, CancellationToken cancellationToken);

    /// <summary>Gives a claim back without an outcome (e.g. the bus is stopping), so a redelivery sends it.</summary>
    ValueTask ReleaseAsync(NotificationKey key, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<NotificationRecord>> ForRunAsync(Guid runId, CancellationToken cancellationToken);
}
