namespace Platform.Notifier.Notifications;

/// <summary>Lower-case names for logs, tags and metrics.</summary>
public static class NotificationOutcomeNames
{
    public static string Of(NotificationOutcome outcome) => outcome switch
    {
        NotificationOutcome.InProgress => "in-progress",
        NotificationOutcome.Sent => "sent",
        NotificationOutcome.Skipped => "skipped",
        NotificationOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
