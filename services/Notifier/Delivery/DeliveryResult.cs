using Platform.Notifier.Notifications;

namespace Platform.Notifier.Delivery;

/// <summary>How a sender ended when it did not throw: sent, or skipped with the reason.</summary>
public sealed record DeliveryResult(NotificationOutcome Outcome, string? Detail)
{
    public static DeliveryResult Sent { get; } = new(NotificationOutcome.Sent, null);

    public static DeliveryResult Skipped(string reason) => new(NotificationOutcome.Skipped, reason);
}
