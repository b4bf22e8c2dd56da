using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

[Collection(SystemCollection.Name)]
public class CrashRecoveryTests(SystemFixture system)
{
    [Fact]
    public async Task A_coordinator_killed_mid_run_and_restarted_finishes_the_run_with_nothing_run_twice()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var marker = Directory.CreateTempSubdirectory("platform-it-crash-").FullName;
        var steps = string.Concat(Enumerable.Range(0, 4).Select(i => $"        - {{ id: w{i}, run: 'echo x >> {marker}/w{i}; sleep 3' }}\n"));
        var yaml = $"id: coordinator-crash\nsteps:\n  - parallel:\n      steps:\n{steps}  - {{ id: after, run: 'echo x >> {marker}/after' }}\n";

        var run = await system.RunAsync(yaml, TimeSpan.FromSeconds(120), async _ =>
        {
            await TestProcesses.WaitFor(() => Enumerable.Range(0, 4).All(i => File.Exists($"{marker}/w{i}")), TimeSpan.FromSeconds(60));
            system.Coordinator.KillHard();
            await system.Coordinator.WaitForExitAsync(TimeSpan.FromSeconds(10));
            // While it is down, the steps finish and their results wait in the durable queue.
            await Task.Delay(TimeSpan.FromSeconds(4));
            await system.StartCoordinator().WaitReadyAsync(TimeSpan.FromSeconds(90));
        });

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("succeeded", run.RunStatus);
        Assert.All(Enumerable.Range(0, 4).Append(-1), i =>
            Assert.Single(File.ReadAllLines(i < 0 ? $"{marker}/after" : $"{marker}/w{i}")));
        Directory.Delete(marker, recursive: true);
    }

    [Fact]
    public async Task Two_coordinators_on_one_store_and_one_killed_every_run_finishes_once()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        await using var second = system.StartExtraCoordinator();
        await second.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var marker = Directory.CreateTempSubdirectory("platform-it-two-").FullName;
        string Yaml(int run) =>
            $"id: two-{run}\nsteps:\n  - parallel:\n      steps:\n"
            + string.Concat(Enumerable.Range(0, 2).Select(i => $"        - {{ id: w{i}, run: 'echo x >> {marker}/r{run}w{i}; sleep 3' }}\n"))
            + $"  - {{ id: after, run: 'echo x >> {marker}/r{run}after' }}\n";

        // Four runs spread over both Coordinators; once every step runs, one Coordinator dies for good.
        var runs = Enumerable.Range(0, 4).Select(r => system.RunAsync(Yaml(r), TimeSpan.FromSeconds(150))).ToList();
        await TestProcesses.WaitFor(() => Enumerable.Range(0, 4).All(r => File.Exists($"{marker}/r{r}w0") && File.Exists($"{marker}/r{r}w1")),
            TimeSpan.FromSeconds(90));
        system.Coordinator.KillHard();
        var done = await Task.WhenAll(runs);
        await system.StartCoordinator().WaitReadyAsync(TimeSpan.FromSeconds(90));

        Assert.All(done, run => Assert.True(run.ExitCode == 0 && run.RunStatus == "succeeded", run.Output));
        Assert.All(Directory.GetFiles(marker), file => Assert.Single(File.ReadAllLines(file)));
        Assert.Equal(12, Directory.GetFiles(marker).Length);
        Directory.Delete(marker, recursive: true);
    }
}
