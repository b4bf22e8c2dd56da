namespace Platform.Coordinator.Artifacts;

/// <summary>Caps on what steps store with a run (<c>artifacts:</c>); bound from the <c>Artifacts</c> configuration section.</summary>
public sealed class ArtifactOptions
{
    public const string SectionName = "Artifacts";

    /// <summary>
    /// Largest single artifact. A file travels in one broker message (base64 in JSON), so keep it under
    /// about three quarters of the broker's largest message (RabbitMQ 4: 16 MiB by default).
    /// </summary>
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>All artifacts of one run together.</summary>
    public long MaxRunBytes { get; set; } = 100L * 1024 * 1024;
}
