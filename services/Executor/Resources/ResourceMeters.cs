using Microsoft.Extensions.Logging;

namespace Platform.Executor.Resources;

/// <summary>Chooses the Executor's <see cref="IResourceMeter"/> once, at start.</summary>
public static class ResourceMeters
{
    public static IResourceMeter Create(ExecutorOptions options, ILogger logger)
    {
        if (!options.MeasureResources)
            return new NoResourceMeter();

        if (OperatingSystem.IsLinux() && File.Exists("/proc/self/io") && File.Exists("/proc/self/stat"))
            return new ProcessTreeMeter();

        logger.LogInformation("Resource use is not measured on this host (no Linux /proc): attempts report none");
        return new NoResourceMeter();
    }
}
