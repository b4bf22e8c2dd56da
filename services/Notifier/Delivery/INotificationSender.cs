using Platform.Contracts;

namespace Platform.Notifier.Delivery;

/// <summary>Delivers one run outcome to one kind of target. Throws when delivery failed.</summary>
public interface INotificationSender
{
    NotificationKind Kind { get; }

    Task<DeliveryResult> SendAsync(RunFinished run, NotificationTarget target, CancellationToken cancellationToken);
}
