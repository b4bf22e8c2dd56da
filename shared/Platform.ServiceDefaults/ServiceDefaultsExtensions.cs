using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using Platform.ServiceDefaults.Health;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults;

/// <summary>
/// The one place for cross-cutting host setup (as eShop's ServiceDefaults): tracing and metrics for
/// MassTransit and every Platform source, OTLP export only when an endpoint is configured, and
/// console logging that shows scopes such as RunId and StepId.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(
        this TBuilder builder,
        string serviceName,
        Action<ServiceDefaultsOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddServiceDefaults(serviceName, builder.Configuration, configure);
        // Probes for a service's own process (compose, Kubernetes): /health/live and /health/ready on Health:Port.
        builder.Services.AddOptions<HealthEndpointOptions>().BindConfiguration(HealthEndpointOptions.SectionName);
        builder.Services.AddHostedService<HealthEndpoint>();
        return builder;
    }

    /// <summary>
    /// The same defaults for a bare <see cref="IServiceCollection"/> (a CLI, a test). Without
    /// <paramref name="configuration"/> only environment variables are consulted.
    /// </summary>
    public static IServiceCollection AddServiceDefaults(
        this IServiceCollection services,
        string serviceName,
        IConfiguration? configuration = null,
        Action<ServiceDefaultsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);

        // The bus check (MassTransit registers it, tagged "ready") and each service's own come together here.
        services.AddHealthChecks();

        var options = new ServiceDefaultsOptions();
        configure?.Invoke(options);

        if (options.AddConsoleLogging)
        {
            services.AddLogging(logging => AddConsole(logging, options, configuration));
        }
        else
        {
            services.AddLogging();
        }

        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(PlatformTelemetry.MassTransitSource)
                .AddSource(PlatformTelemetry.PlatformSourcePattern))
            .WithMetrics(metrics => metrics
                .AddMeter(PlatformTelemetry.MassTransitSource)
                .AddMeter(PlatformTelemetry.PlatformSourcePattern));

        if (IsOtlpEndpointConfigured(configuration))
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL itself, for traces, metrics and logs.
            services.AddLogging(logging => logging.AddOpenTelemetry(otelLogs =>
            {
                otelLogs.IncludeScopes = true;
                otelLogs.IncludeFormattedMessage = true;
            }));
            openTelemetry.UseOtlpExporter();
        }

        return services;
    }

    public static bool IsOtlpEndpointConfigured(IConfiguration? configuration = null)
    {
        var endpoint = configuration?[PlatformTelemetry.OtlpEndpointVariable]
            ?? Environment.GetEnvironmentVariable(PlatformTelemetry.OtlpEndpointVariable);
        return !string.IsNullOrWhiteSpace(endpoint);
    }

    private static void AddConsole(ILoggingBuilder logging, ServiceDefaultsOptions options, IConfiguration? configuration)
    {
        if (options.MinimumLevel is { } minimumLevel)
        {
            logging.SetMinimumLevel(minimumLevel);
        }

        const string timestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        switch (ResolveFormat(options, configuration))
        {
            case ConsoleLogFormat.Simple:
                logging.AddSimpleConsole(simple =>
                {
                    simple.IncludeScopes = true;
                    simple.SingleLine = true;
                    simple.UseUtcTimestamp = true;
                    simple.TimestampFormat = timestampFormat;
                });
                break;
            default:
                logging.AddJsonConsole(json =>
                {
                    json.IncludeScopes = true;
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = timestampFormat.TrimEnd();
                });
                break;
        }

        if (options.LogToStandardError)
        {
            logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }

    private static ConsoleLogFormat ResolveFormat(ServiceDefaultsOptions options, IConfiguration? configuration)
    {
        if (options.ConsoleFormat is { } chosen)
        {
            return chosen;
        }

        // The console logger's own key, so `Logging__Console__FormatterName=simple` works as usual.
        var configured = configuration?["Logging:Console:FormatterName"];
        return string.Equals(configured, ConsoleFormatterNames.Simple, StringComparison.OrdinalIgnoreCase)
            ? ConsoleLogFormat.Simple
            : ConsoleLogFormat.Json;
    }
}
