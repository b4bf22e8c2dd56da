using System.Text.Json;
using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>
/// <c>lock:</c> with the services as processes over the real RabbitMQ, one store: deploys of runs
/// sharing a lock never overlap, and a Coordinator killed while one run holds the lock and two wait
/// comes back to the same holder, then serves the waiters in order, one at a time.
/// </summary>
[Collection(SystemCollection.Name)]
public class LockOverTheWireTests(SystemFixture system)
{
    private static (DateTimeOffset Start, DateTimeOffset End) Span(CliRun run, string step) => (run.Started(step), run.Finished(step));

    private static bool Overlap((DateTimeOffset Start, DateTimeOffset End) a, (DateTimeOffset Start, DateTimeOffset End) b) => a.Start < b.End && b.Start < a.End;

    [Fact]
    public async Task Two_runs_never_deploy_at_once_while_their_builds_overlap()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var name = $"staging-{Guid.NewGuid():N}";
        var yaml = $"id: deploy\nsteps:\n  - {{ id: build, run: 'sleep 3' }}\n  - {{ id: deploy, lock: {name}, run: 'sleep 2' }}\n";

        var runs = await Task.WhenAll(system.RunAsync(yaml, TimeSpan.FromSeconds(120)), system.RunAsync(yaml, TimeSpan.FromSeconds(120)));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0 && r.RunStatus == "succeeded", r.Output));
        Assert.True(Overlap(Span(runs[0], "build"), Span(runs[1], "build")), "the builds did not overlap");
        Assert.False(Overlap(Span(runs[0], "deploy"), Span(runs[1], "deploy")), "the deploys overlapped");
    }

    [Fact]
    public async Task A_coordinator_killed_while_a_lock_is_held_and_two_wait_comes_back_to_the_same_holder_then_serves_them_in_order()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var name = $"prod-{Guid.NewGuid():N}";
        var marker = Directory.CreateTempSubdirectory("platform-it-lock-").FullName;
        string Yaml(string who, int seconds) =>
            $"id: {who}\nsteps:\n  - {{ id: deploy, lock: {name}, run: 'echo x >> {marker}/{who}; sleep {seconds}' }}\n";

        var holder = system.RunAsync(Yaml("holder", 30), TimeSpan.FromSeconds(240));
        await TestProcesses.WaitFor(() => File.Exists($"{marker}/holder"), TimeSpan.FromSeconds(60));
        var second = system.RunAsync(Yaml("second", 1), TimeSpan.FromSeconds(180));
        await WaitForQueueAsync(name, 1);
        var third = system.RunAsync(Yaml("third", 1), TimeSpan.FromSeconds(180));
        await WaitForQueueAsync(name, 2);

        system.Coordinator.KillHard();
        await system.Coordinator.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.False(File.Exists($"{marker}/second"), "a waiter ran while the holder held the lock");
        await system.StartCoordinator().WaitReadyAsync(TimeSpan.FromSeconds(90));
        var runs = await Task.WhenAll(holder, second, third);

        Assert.All(runs, r => Assert.True(r.ExitCode == 0 && r.RunStatus == "succeeded", r.Output));
        // Each deploy ran once, one at a time, the holder first, then the waiters in the order they came.
        Assert.All(new[] { "holder", "second", "third" }, who => Assert.Single(File.ReadAllLines($"{marker}/{who}")));
        var (h, s, t) = (Span(runs[0], "deploy"), Span(runs[1], "deploy"), Span(runs[2], "deploy"));
        Assert.True(h.End <= s.Start, $"second deployed at {s.Start:O} before the holder ended at {h.End:O}");
        Assert.True(s.End <= t.Start, $"third deployed at {t.Start:O} before second ended at {s.End:O}");
        Directory.Delete(marker, recursive: true);
    }

    /// <summary>Waits until <c>platform locks</c> on the system's store shows <paramref name="waiting"/> runs queued for the lock.</summary>
    private async Task WaitForQueueAsync(string name, int waiting)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            await using var locks = ServiceProcess.Start("locks", ServiceProcess.Dll("cli/Platform.Cli", "platform"),
                ["locks", "--store", system.StorePath, "--json"], new Dictionary<string, string>(), readyMarker: null);
            Assert.Equal(0, await locks.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var entry = JsonDocument.Parse(locks.Stdout).RootElement.EnumerateArray().SingleOrDefault(l => l.GetProperty("lock").GetString() == name);
            if (entry.ValueKind == JsonValueKind.Object && entry.GetProperty("queue").GetArrayLength() >= waiting)
            {
                Assert.Single(entry.GetProperty("holders").EnumerateArray());
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{waiting} runs never queued for {name}");
            await Task.Delay(200);
        }
    }
}
