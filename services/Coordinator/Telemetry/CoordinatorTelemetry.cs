using System.Diagnostics;

namespace Platform.Coordinator.Telemetry;

/// <summary>The Coordinator's own spans (engine decisions, timers), beside MassTransit's.</summary>
public static class CoordinatorTelemetry
{
    public const string ServiceName = "platform-coordinator";

    public const string SourceName = "Platform.Coordinator";

    public static readonly ActivitySource ActivitySource = new(SourceName);
}
