namespace Platform.ServiceDefaults.Health;

/// <summary>Configuration section <c>Health</c>: where a host answers health probes (off unless a port is set).</summary>
public sealed class HealthEndpointOptions
{
    public const string SectionName = "Health";

    /// <summary>The port of <c>/health/live</c> and <c>/health/ready</c>; 0 (the default) serves none, so several processes share a host freely.</summary>
    public int Port { get; set; }
}
