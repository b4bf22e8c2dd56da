namespace Platform.ServiceDefaults;

/// <summary>
/// Names of the ActivitySources and Meters Platform emits. Every process listens to all of them
/// (and to MassTransit's), so a run stays one trace as it crosses services.
/// </summary>
public static class PlatformTelemetry
{
    /// <summary>MassTransit names both its ActivitySource and its Meter "MassTransit".</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>Matches every Platform source; OpenTelemetry accepts the wildcard.</summary>
    public const string PlatformSourcePattern = "Platform.*";

    public const string Coordinator = "Platform.Coordinator";
    public const string Executor = "Platform.Executor";
    public const string Notifier = "Platform.Notifier";
    public const string Cli = "Platform.Cli";

    /// <summary>Set to an OTLP endpoint (e.g. http://jaeger:4317) to export; unset means no exporter.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
}
