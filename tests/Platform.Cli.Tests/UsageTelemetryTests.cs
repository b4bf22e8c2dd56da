using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;

namespace Platform.Cli.Tests;

/// <summary>No Platform process reports MassTransit usage telemetry to the internet.</summary>
public sealed partial class UsageTelemetryTests
{
    [Fact]
    public void The_bus_every_host_adds_has_usage_telemetry_off()
    {
        using var provider = new ServiceCollection().AddPlatformMassTransit(bus => bus.UsingInMemory()).BuildServiceProvider();

        Assert.False(provider.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }

    [Fact]
    public void No_host_adds_MassTransit_any_other_way()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.Split(Path.DirectorySeparatorChar) is var parts && (parts.Contains("obj") || parts.Contains("bin")))
                continue;

            var text = File.ReadAllText(file);
            // The CLI, the three services, the load tool and the test hosts: AddPlatformMassTransit only,
            // or a test harness that turns telemetry off itself.
            if (DirectRegistration().IsMatch(text) && !relative.EndsWith("PlatformBusExtensions.cs", StringComparison.Ordinal) && file != ThisFile())
                offenders.Add(relative);
            if (text.Contains("AddMassTransitTestHarness(", StringComparison.Ordinal) && !text.Contains("DisableUsageTelemetry()", StringComparison.Ordinal) && file != ThisFile())
                offenders.Add(relative);
        }

        Assert.True(offenders.Count == 0, "these files add MassTransit with usage telemetry on: " + string.Join(", ", offenders));
        Assert.True(Directory.Exists(Path.Combine(root, "services", "Executor")), "the scan must cover the services");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [GeneratedRegex(@"\.AddMassTransit\(")]
    private static partial Regex DirectRegistration();
}
