using Platform.Tests.Shared;
using System.Diagnostics;

namespace Platform.Integration.Tests;

[Collection(SystemCollection.Name)]
public class DistributedRunTests(SystemFixture system)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_parallel_pipelines_steps_run_on_both_executors_and_overlap_in_time()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var steps = string.Concat(Enumerable.Range(0, 8).Select(i =>
            $"        - {{ id: p{i}, run: 'sleep 1; echo \"executor=$EXECUTOR_NAME\" >> \"$PLATFORM_OUTPUT\"' }}\n"));
        var run = await system.RunAsync($"id: spread\nsteps:\n  - parallel:\n      steps:\n{steps}  - {{ id: after, run: 'true' }}\n", Generous);

        Assert.True(run.ExitCode == 0, run.Output);
        var executors = Enumerable.Range(0, 8).Select(i => run.OutputOf($"p{i}", "executor")).ToHashSet();
        Assert.Equal(["executor-1", "executor-2"], executors.Order());
        // Eight one-second steps overlapping: the group takes far less than eight seconds.
        var first = Enumerable.Range(0, 8).Min(i => run.Started($"p{i}"));
        var last = Enumerable.Range(0, 8).Max(i => run.Finished($"p{i}"));
        Assert.True(last - first < TimeSpan.FromSeconds(5), $"the group took {last - first}");
        Assert.True(run.Started("after") >= last);
    }

    [Fact]
    public async Task A_cancelled_sleep_step_has_its_process_gone_within_two_seconds()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var pidFile = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}.pid");
        var yaml = $"id: cancel-me\nsteps:\n  - id: long\n    run: 'echo $$ > {pidFile}; sleep 30'\nfinally:\n  - {{ id: cleanup, run: 'true' }}\n";

        var stopwatch = new Stopwatch();
        var run = await system.RunAsync(yaml, Generous, async cli =>
        {
            await TestProcesses.WaitFor(() => File.Exists(pidFile) && new FileInfo(pidFile).Length > 0, TimeSpan.FromSeconds(60));
            stopwatch.Start();
            // SIGTERM rather than SIGINT: a test run started in the background inherits SIGINT ignored (see
            // MASSTRANSIT.md); the CLI cancels the run on either.
            cli.Terminate();
        });

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("cancelled", run.RunStatus);
        Assert.Equal("cancelled", run.Status("long"));
        Assert.Equal("succeeded", run.Status("cleanup"));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await TestProcesses.WaitFor(() => !TestProcesses.Alive(pid), TimeSpan.FromSeconds(2) - stopwatch.Elapsed + TimeSpan.FromMilliseconds(1));
        File.Delete(pidFile);
    }

    [Fact]
    public async Task A_step_over_its_timeout_is_killed_and_reported_timed_out()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var pidFile = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}.pid");
        var run = await system.RunAsync($"id: slow\nsteps:\n  - id: slow\n    timeout: 1s\n    run: 'echo $$ > {pidFile}; sleep 30'\n", Generous);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("timed-out", run.Status("slow"));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await TestProcesses.WaitFor(() => !TestProcesses.Alive(pid), TimeSpan.FromSeconds(2));
        File.Delete(pidFile);
    }

    [Fact]
    public async Task Killing_an_executor_mid_step_still_ends_the_run_correctly()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var marker = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}");
        Directory.CreateDirectory(marker);
        // Eight steps for two executors of four slots each: executor-1 is sure to hold some.
        var steps = string.Concat(Enumerable.Range(0, 8).Select(i =>
            $"        - {{ id: w{i}, run: 'touch {marker}/w{i}.$EXECUTOR_NAME; sleep 3' }}\n"));
        var run = await system.RunAsync($"id: survive\nsteps:\n  - parallel:\n      steps:\n{steps}", Generous, async _ =>
        {
            // Once executor-1 holds a step, kill it without warning; its messages go back to the queue.
            await TestProcesses.WaitFor(() => Directory.GetFiles(marker, "*.executor-1").Length > 0, TimeSpan.FromSeconds(60));
            system.Executors[0].KillHard();
        });
        var restarted = system.StartExecutor(1);
        await restarted.WaitReadyAsync(TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal("succeeded", run.Status($"w{i}")));
        Directory.Delete(marker, recursive: true);
    }

    [Fact]
    public async Task Running_over_the_broker_gives_the_same_statuses_as_the_engine_intends()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        // `bad` fails only once `ok` has ended (and a second more, for its result to be in): no race on timing.
        var marker = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}");
        var yaml = $$"""
            id: mixed
            steps:
              - parallel:
                  steps:
                    - { id: ok, run: 'touch {{marker}}' }
                    - { id: bad, run: 'while [ ! -f {{marker}} ]; do sleep 0.05; done; sleep 1; exit 3' }
                    - { id: slow, run: 'sleep 20' }
              - { id: never, run: 'true' }
              - { id: on-failure, when: failure, run: 'true' }
            finally:
              - { id: cleanup, run: 'true' }
            """;
        var run = await system.RunAsync(yaml, Generous);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("failed", run.RunStatus);
        Assert.Equal("succeeded", run.Status("ok"));
        Assert.Equal("failed", run.Status("bad"));
        Assert.Equal(3, run.Step("bad").GetProperty("exitCode").GetInt32());
        Assert.Equal("cancelled", run.Status("slow"));
        Assert.Equal("skipped", run.Status("never"));
        Assert.Equal("succeeded", run.Status("on-failure"));
        Assert.Equal("succeeded", run.Status("cleanup"));
        File.Delete(marker);
    }

    [Fact]
    public async Task An_executor_stopped_mid_step_stops_at_once_and_its_step_runs_again_on_another()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var marker = Directory.CreateTempSubdirectory("platform-it-stop-").FullName;
        var steps = string.Concat(Enumerable.Range(0, 8).Select(i =>
            $"        - {{ id: w{i}, run: 'echo $EXECUTOR_NAME >> {marker}/w{i}; sleep 4' }}\n"));
        var stopped = TimeSpan.Zero;
        var run = await system.RunAsync($"id: stop\nsteps:\n  - parallel:\n      steps:\n{steps}", Generous, async _ =>
        {
            await TestProcesses.WaitFor(() => Directory.GetFiles(marker).Any(f => File.ReadAllText(f).Contains("executor-1", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(60));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            system.Executors[0].Terminate();
            await system.Executors[0].WaitForExitAsync(TimeSpan.FromSeconds(60));
            stopped = clock.Elapsed;
        });
        await system.StartExecutor(1).WaitReadyAsync(TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode == 0, run.Output);
        // It gave its running steps back rather than holding its stop for the 30 s stop timeout.
        Assert.True(stopped < TimeSpan.FromSeconds(15), $"the executor took {stopped} to stop");
        var givenBack = Enumerable.Range(0, 8).Where(i => File.ReadAllLines($"{marker}/w{i}").Length == 2).ToList();
        Assert.NotEmpty(givenBack);
        Assert.All(givenBack, i => Assert.Equal(["executor-1", "executor-2"], File.ReadAllLines($"{marker}/w{i}")));
        Directory.Delete(marker, recursive: true);
    }
}
