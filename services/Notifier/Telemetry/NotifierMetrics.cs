using System.Diagnostics.Metrics;
using Platform.Notifier.Delivery;
using Platform.Notifier.Notifications;
using Platform.ServiceDefaults;

namespace Platform.Notifier.Telemetry;

/// <summary>Counts deliveries by target kind and outcome, so failing webhooks show in metrics too.</summary>
public sealed class NotifierMetrics
{
    private readonly Counter<long> _deliveries;

    public NotifierMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(PlatformTelemetry.Notifier);
        _deliveries = meter.CreateCounter<long>(
            "platform.notifier.deliveries",
            unit: "{delivery}",
            description: "Notifications attempted, by target kind and outcome.");
    }

    public void RecordDelivery(NotificationTarget target, NotificationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(target);
        _deliveries.Add(
            1,
            new KeyValuePair<string, object?>(NotifierTelemetry.TargetKindTag, target.KindName),
            new KeyValuePair<string, object?>(NotifierTelemetry.OutcomeTag, NotificationOutcomeNames.Of(outcome)));
    }
}
