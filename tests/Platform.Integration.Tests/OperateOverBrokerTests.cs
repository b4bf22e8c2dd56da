using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>
/// A run submitted by one client, operated by others anywhere on the bus: its output followed live,
/// the run watched and cancelled, answers coming from the Coordinator's store.
/// </summary>
[Collection(SystemCollection.Name)]
public class OperateOverBrokerTests(SystemFixture system)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Other_clients_follow_a_runs_output_watch_it_and_cancel_it_through_the_bus()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var name = $"operated-{Guid.NewGuid():N}";
        var marks = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}");
        var yaml = $$"""
            id: operated
            steps:
              - id: loop
                run: for i in 1 2 3; do echo "line $i"; sleep 0.3; done; echo started >> {{marks}}; sleep 60
            finally:
              - { id: cleanup, run: 'echo cleanup >> {{marks}}' }
            """;
        var file = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        ServiceProcess? follower = null, watcher = null, second = null;
        string? cancelOutput = null;
        int cancelCode = -1;

        var run = await system.RunAsync(yaml, Generous, async _ =>
        {
            await TestProcesses.WaitFor(() => File.Exists(marks), TimeSpan.FromSeconds(60));
            follower = Cli("logs", name, "--follow");
            watcher = Cli("watch", name, "--json");
            // The same id submitted again while it runs: followed, not run a second time.
            second = Cli("run", file, "--run-id", name, "--json");
            await TestProcesses.WaitFor(() => follower.Stdout.Contains("line 3", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            await using var cancel = Cli("cancel", name, "--reason", "enough");
            cancelCode = await cancel.WaitForExitAsync(Generous);
            cancelOutput = cancel.Output;
        }, extra: ["--run-id", name]);

        await using (follower)
        await using (watcher)
        await using (second)
        {
            Assert.Equal(1, await second!.WaitForExitAsync(Generous));
            Assert.Contains("is live: following it", second.Output, StringComparison.Ordinal);
            Assert.Contains("\"status\": \"cancelled\"", second.Stdout, StringComparison.Ordinal);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("cancelled", run.RunStatus);
            Assert.Equal(("cancelled", "succeeded"), (run.Status("loop"), run.Status("cleanup")));
            Assert.True(cancelCode == 0, cancelOutput);
            Assert.Contains("ended: cancelled", cancelOutput, StringComparison.Ordinal);
            Assert.Equal(["started", "cleanup"], File.ReadAllLines(marks));

            Assert.Equal(0, await follower!.WaitForExitAsync(Generous));
            Assert.Equal(["line 1", "line 2", "line 3"], follower.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(" loop │ ")[1]));
            Assert.Equal(1, await watcher!.WaitForExitAsync(Generous));
            Assert.Contains("\"status\": \"cancelled\"", watcher.Stdout, StringComparison.Ordinal);
        }

        var again = Cli("logs", name, "loop");
        Assert.Equal(0, await again.WaitForExitAsync(Generous));
        Assert.Equal(3, again.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        await again.DisposeAsync();
        File.Delete(marks);
        File.Delete(file);
    }

    [Fact]
    public async Task Commands_over_the_bus_find_a_run_by_the_start_of_its_id_and_refuse_a_start_that_names_several()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        // Two runs whose ids begin alike: that beginning names both, one more group names either.
        var stem = Guid.NewGuid().ToString("N")[..8];
        var done = Guid.Parse($"{stem}-1111-4000-8000-000000000000");
        var live = Guid.Parse($"{stem}-2222-4000-8000-000000000000");
        var marks = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}");
        var first = await system.RunAsync("id: found\nsteps:\n  - { id: say, run: 'echo from-the-first' }\n", Generous, extra: ["--run-id", done.ToString()]);
        Assert.Equal(0, first.ExitCode);

        int ambiguousCode = -1, logsCode = -1, watchCode = -1, cancelCode = -1;
        string ambiguousOutput = "", logsOutput = "", watchOutput = "", cancelOutput = "";
        var run = await system.RunAsync($"id: found\nsteps:\n  - {{ id: wait, run: 'echo started >> {marks}; sleep 60' }}\n", Generous, async _ =>
        {
            await TestProcesses.WaitFor(() => File.Exists(marks), TimeSpan.FromSeconds(60));
            await using var ambiguous = Cli("cancel", stem, "--reason", "which one?");
            (ambiguousCode, ambiguousOutput) = (await ambiguous.WaitForExitAsync(Generous), ambiguous.Output);
            await using var logs = Cli("logs", $"{stem}-1");
            (logsCode, logsOutput) = (await logs.WaitForExitAsync(Generous), logs.Stdout);
            await using var watch = Cli("watch", $"{stem}-11", "--json");
            (watchCode, watchOutput) = (await watch.WaitForExitAsync(Generous), watch.Stdout);
            await using var cancel = Cli("cancel", $"{stem}-2", "--reason", "found by its start");
            (cancelCode, cancelOutput) = (await cancel.WaitForExitAsync(Generous), cancel.Output);
        }, extra: ["--run-id", live.ToString()]);

        // The beginning both share is refused, naming both, and the live run went on ...
        Assert.Equal(2, ambiguousCode);
        Assert.Contains("names more than one run", ambiguousOutput, StringComparison.Ordinal);
        Assert.Contains(done.ToString(), ambiguousOutput, StringComparison.Ordinal);
        Assert.Contains(live.ToString(), ambiguousOutput, StringComparison.Ordinal);
        // ... while a longer one found each run: the first's output and report, and the live one cancelled.
        Assert.True(logsCode == 0, logsOutput);
        Assert.Contains("from-the-first", logsOutput, StringComparison.Ordinal);
        Assert.True(watchCode == 0, watchOutput);
        Assert.Contains("\"status\": \"succeeded\"", watchOutput, StringComparison.Ordinal);
        Assert.True(cancelCode == 0, cancelOutput);
        Assert.Contains($"asked run {live} to cancel", cancelOutput, StringComparison.Ordinal);
        Assert.Equal("cancelled", run.RunStatus);
        File.Delete(marks);
    }

    private ServiceProcess Cli(params string[] args) =>
        ServiceProcess.Start("cli", ServiceProcess.Dll("cli/Platform.Cli", "platform"), [.. args, "--broker", system.BrokerUrl], new Dictionary<string, string>(), readyMarker: null);
}
