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
        {
            var tree = new ProcessTreeMeter();
            IResourceMeter meter = options.ResourceCgroups && CgroupMeter.TryCreate(tree, logger) is { } cgroups ? cgroups : tree;
            if (!options.CountMeasurementCost)
                return meter;

            MeasurementCost.Start();
            return new CostCountingMeter(meter);
        }

        logger.LogInformation("Resource use is not measured on this host (no Linux /proc): attempts report none");
        return new NoResourceMeter();
    }
}
