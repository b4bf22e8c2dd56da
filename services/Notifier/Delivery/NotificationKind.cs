namespace Platform.Notifier.Delivery;

public enum NotificationKind
{
    Log,
    Webhook,
    Email,
}
