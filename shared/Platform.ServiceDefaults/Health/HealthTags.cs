namespace Platform.ServiceDefaults.Health;

/// <summary>Which health checks a probe runs.</summary>
public static class HealthTags
{
    /// <summary>
    /// Checks that must pass before the host takes work: the bus connected (MassTransit registers its
    /// own check with this tag), the run store reachable.
    /// </summary>
    public const string Ready = "ready";
}
