namespace Platform.Notifier.Notifications;

public enum NotificationOutcome
{
    /// <summary>Claimed by a consumer that is delivering it now.</summary>
    InProgress,

    Sent,

    /// <summary>Deliberately not sent, e.g. e-mail without an SMTP server configured.</summary>
    Skipped,

    /// <summary>Every attempt failed; a redelivered RunFinished may try again.</summary>
    Failed,
}
