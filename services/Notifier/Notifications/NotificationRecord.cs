namespace Platform.Notifier.Notifications;

/// <summary>The latest state of one notification; <see cref="Detail"/> says why it failed or was skipped.</summary>
public sealed record NotificationRecord(
    NotificationKey Key,
    NotificationOutcome Outcome,
    int Deliveries,
    DateTimeOffset UpdatedAt,
    string? Detail);
