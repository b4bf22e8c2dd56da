using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults;

/// <summary>Choices a host may make when applying the defaults; the defaults suit a service.</summary>
public sealed class ServiceDefaultsOptions
{
    /// <summary>
    /// Json unless configuration <c>Logging:Console:Format</c> says <c>simple</c>.
    /// A value set here wins over configuration.
    /// </summary>
    public ConsoleLogFormat? ConsoleFormat { get; set; }

    /// <summary>
    /// Write every log line to stderr instead of stdout: a CLI keeps stdout for its own output
    /// (e.g. <c>--json</c>).
    /// </summary>
    public bool LogToStandardError { get; set; }

    /// <summary>False leaves console logging alone (e.g. a CLI that prints its own progress).</summary>
    public bool AddConsoleLogging { get; set; } = true;

    /// <summary>Minimum level for the console; configuration <c>Logging:LogLevel</c> still applies.</summary>
    public LogLevel? MinimumLevel { get; set; }
}
