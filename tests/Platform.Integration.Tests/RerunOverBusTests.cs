using System.Text.Json;

namespace Platform.Integration.Tests;

/// <summary><c>platform rerun --failed --broker</c>: the finished run is read from the Coordinator's store, the re-run goes over RabbitMQ.</summary>
[Collection(SystemCollection.Name)]
public class RerunOverBusTests(SystemFixture system)
{
    [Fact]
    public async Task Rerun_failed_over_the_bus_runs_only_the_failed_step_and_what_follows()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var marker = Directory.CreateTempSubdirectory("platform-it-rerun-").FullName;
        var name = $"rerun-{Guid.NewGuid():N}";
        var yaml = "id: flaky\nsteps:\n"
            + $"  - {{ id: build, run: 'echo x >> {marker}/build' }}\n"
            + $"  - {{ id: test, run: 'echo x >> {marker}/test; test -f {marker}/fixed' }}\n"
            + $"  - {{ id: ship, run: 'echo x >> {marker}/ship' }}\n";
        var first = await system.RunAsync(yaml, TimeSpan.FromSeconds(90), null, null, "--run-id", name);
        Assert.True(first.ExitCode == 1, first.Output);
        await File.WriteAllTextAsync($"{marker}/fixed", "");

        await using var cli = ServiceProcess.Start("rerun", ServiceProcess.Dll("cli/Platform.Cli", "platform"),
            ["rerun", name, "--failed", "--broker", system.BrokerUrl, "--store", system.StorePath, "--json"], new Dictionary<string, string>(), readyMarker: null);
        var code = await cli.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(code == 0, cli.Output);
        Assert.Equal([1, 2, 1], new[] { "build", "test", "ship" }.Select(s => File.ReadAllLines($"{marker}/{s}").Length));
        var report = JsonDocument.Parse(cli.Stdout).RootElement;
        Assert.Equal(first.Report!.Value.GetProperty("runId").GetString(), report.GetProperty("rerunOf").GetString());
        var build = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "build");
        Assert.StartsWith("reused from run ", build.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Directory.Delete(marker, recursive: true);
    }
}
