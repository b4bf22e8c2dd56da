using System.Diagnostics;
using Platform.ServiceDefaults;

namespace Platform.Notifier.Telemetry;

/// <summary>The Notifier's trace source: one span per delivery, under MassTransit's consume span.</summary>
public static class NotifierTelemetry
{
    public const string ServiceName = "platform-notifier";

    public const string RunIdTag = "run.id";
    public const string TargetKindTag = "notify.target.kind";
    public const string OutcomeTag = "notify.outcome";

    public static readonly ActivitySource ActivitySource = new(PlatformTelemetry.Notifier);
}
