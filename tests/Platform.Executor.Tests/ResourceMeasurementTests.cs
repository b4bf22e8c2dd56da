using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Executor.Extensions;
using Platform.Executor.Running;
using Platform.Tests.Shared;

namespace Platform.Executor.Tests;

/// <summary>With a cgroup per attempt, where this host allows it (as root with cgroup v1 here); else as below.</summary>
[Collection(nameof(ResourceMeasurementTests))]
public sealed class ResourceMeasurementWithCgroupsTests() : ResourceMeasurementTests(cgroups: true)
{
    [Fact]
    public async Task Where_cgroups_can_be_made_work_in_an_orphan_that_cleared_its_environment_counts_and_no_cgroup_is_left()
    {
        var meter = Services.GetRequiredService<Resources.IResourceMeter>() as Resources.CgroupMeter;
        Assert.SkipWhen(meter is null, "no cgroup v1 memory and cpuacct hierarchies this process may write here");

        // Orphaned out of the tree, in a session of its own, without the attempt's tag: /proc sampling cannot find
        // it; the cgroup it was born in still holds it.
        // The step waits until the orphan is gone (its pid written before it execs), so its cgroup can go with the attempt.
        var result = await Runner.RunAsync(Shell(
            $"setsid -f sh -c 'echo $$ > {Dir}/orphan.pid; exec env -i /usr/bin/python3 {Burner(0.9, 200, holdSeconds: 0.3)}'",
            $"while [ ! -s {Dir}/orphan.pid ]; do sleep 0.05; done",
            // Few processes of its own while it waits (each counts in the cgroup): the pid read once, a coarse poll.
            $"orphan=$(cat {Dir}/orphan.pid); while kill -0 $orphan 2>/dev/null; do sleep 0.2; done"), CancellationToken.None);

        AssertAboutASecondAnd200MB(result);
        Assert.Equal(0, meter!.ExistingCgroups);
    }

    [Fact]
    public async Task The_cgroups_of_an_executor_that_died_are_removed_when_the_next_one_starts()
    {
        Assert.SkipWhen(Services.GetRequiredService<Resources.IResourceMeter>() is not Resources.CgroupMeter, "no cgroups here");
        var home = Resources.CgroupHierarchy.OfThisProcess()!;
        // As a kill -9 leaves them: an Executor's cgroups (no process of that id and start time lives), one attempt's inside.
        var leftovers = new[] { home.Memory, home.CpuAccounting }.Select(h => Path.Combine(h, "platform-executor-4194303-1-0badc0de")).ToList();
        foreach (var leftover in leftovers)
        {
            Directory.CreateDirectory(Path.Combine(leftover, "7"));
        }

        await using var next = new ServiceCollection().AddExecutor(o => o.ResourceCgroups = true).BuildServiceProvider();
        Assert.IsType<Resources.CgroupMeter>(next.GetRequiredService<Resources.IResourceMeter>());

        Assert.All(leftovers, leftover => Assert.False(Directory.Exists(leftover), leftover));
    }
}

/// <summary>With wait4 and /proc sampling only: hosts without cgroups, or <c>Executor:ResourceCgroups=false</c>.</summary>
[Collection(nameof(ResourceMeasurementTests))]
public sealed class ResourceMeasurementWithoutCgroupsTests() : ResourceMeasurementTests(cgroups: false);

/// <summary>
/// What an attempt's process tree used, as a user reads it in the report: a step that burns about a
/// second of CPU and touches 200 MB is reported within 20 % of both, wherever in its tree the work ran.
/// </summary>
/// <remarks>
/// <para>Figures within 20 % are asked of these tests, so they run alone, never beside other tests of this suite.</para>
/// <para>The truth a figure is held to is the kernel's own account of the burner, read by the burner as its last act: on
/// this VM (a Firecracker guest) a task is charged CPU time while its vCPU waits for the host, so a burner that stops at
/// 0.9 s of its own CPU clock was seen at 1.15 s by its last statement, after a sleep and a file creation, and whole
/// steps read 1.2–2.3 s under load. The step's figure must match that account (plus the interpreter's exit), and the
/// account must be at least the second asked for: a measurement that missed the work or counted it twice still fails.</para>
/// </remarks>
[CollectionDefinition(nameof(ResourceMeasurementTests), DisableParallelization = true)]
public abstract class ResourceMeasurementTests(bool cgroups) : IAsyncDisposable
{
    const long Megabyte = 1024 * 1024;

    readonly ServiceProvider _services = new ServiceCollection().AddExecutor(o => o.ResourceCgroups = cgroups).BuildServiceProvider();

    protected ServiceProvider Services => _services;

    protected string Dir => _dir;
    readonly string _dir = Directory.CreateTempSubdirectory("resource-tests-").FullName;

    protected StepAttemptRunner Runner => _services.GetRequiredService<StepAttemptRunner>();

    protected static ExecuteStep Shell(params string[] commands) =>
        new(Guid.NewGuid(), "step", 1, commands, null, null, new Dictionary<string, string>(), null, null);

    /// <summary>
    /// A Python program that fills <paramref name="megabytes"/> MB, then burns CPU until its own clock
    /// (user + system: filling memory costs system time) says <paramref name="cpuSeconds"/>, holds the memory
    /// <paramref name="holdSeconds"/>, then touches <c>done</c> (and writes to the fifo <c>done.fifo</c> if
    /// there is one). It frees the block before burning, so that cost falls inside the budget; asked for 0.9 s, it uses about 1 s.
    /// Its last act writes its own CPU clock to <c>burned.cpu</c> (see <see cref="BurnerCpuSeconds"/>).
    /// </summary>
    protected string Burner(double cpuSeconds, int megabytes, double holdSeconds = 0.5, bool forever = false)
    {
        var path = Path.Combine(_dir, "burn.py");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $$"""
            import time, pathlib
            block = b"\x01" * ({{megabytes}} * 1024 * 1024)
            {{(forever ? "" : "del block  # its peak stays recorded; freeing it now puts that cost inside the CPU budget, not after it")}}
            x = 0
            while {{(forever ? "True" : $"time.process_time() < {cpuSeconds}")}}:
                x += 1
                if x % 100000 == 0 and time.process_time() >= {{cpuSeconds}}:
                    pathlib.Path("{{_dir}}/burned").touch()
            time.sleep({{holdSeconds}})
            cpu = pathlib.Path("{{_dir}}/burned.cpu.tmp")
            cpu.write_text(str(time.process_time()))
            cpu.rename("{{_dir}}/burned.cpu")
            pathlib.Path("{{_dir}}/done").touch()
            if pathlib.Path("{{_dir}}/done.fifo").exists():
                with open("{{_dir}}/done.fifo", "w") as fifo:
                    fifo.write("done")
            """));
        return path;
    }

    static void AssertWithin20Percent(double expected, double actual, string what) =>
        Assert.True(actual >= expected * 0.8 && actual <= expected * 1.2, $"{what}: reported {actual:0.###}, expected {expected:0.###} ± 20 %");

    /// <summary>The burner's CPU time as the kernel accounted it, read by the burner itself just before it exited.</summary>
    protected double BurnerCpuSeconds() =>
        double.Parse(File.ReadAllText(Path.Combine(_dir, "burned.cpu")), CultureInfo.InvariantCulture);

    /// <summary>
    /// The step's CPU within 20 % of what its burner used by the kernel's account (at least the 0.9 s it burns to, about a
    /// second with its start and exit; more where the host's stalls were charged to it), and its peak within 20 % of 200 MB.
    /// </summary>
    protected void AssertAboutASecondAnd200MB(StepResult result)
    {
        Assert.Equal(StepOutcome.Succeeded, result.Outcome);
        var used = Assert.IsType<ResourceUsage>(result.Resources);
        var burned = BurnerCpuSeconds();
        Assert.True(burned >= 0.9, $"the burner stopped at {burned:0.###} s of its own CPU clock, before the 0.9 s it burns to");
        AssertWithin20Percent(burned + 0.05, used.CpuSeconds, $"CPU seconds (the burner's own clock said {burned:0.###} s at its end)");
        AssertWithin20Percent(200, Assert.NotNull(used.PeakMemoryBytes) / (double)Megabyte, "peak MB");
    }

    [Fact]
    public async Task A_step_burning_a_second_and_200_MB_is_reported_within_20_percent()
    {
        var result = await Runner.RunAsync(Shell($"python3 {Burner(0.9, 200)}"), CancellationToken.None);

        AssertAboutASecondAnd200MB(result);
    }

    [Fact]
    public async Task Work_in_a_process_that_left_the_steps_group_with_setsid_counts()
    {
        // Inside a script (two commands), setsid execs in place: the work runs in a session and group of its
        // own, and the step's shell waits for it.
        var result = await Runner.RunAsync(Shell("echo leaving the group", $"setsid python3 {Burner(0.9, 200)}"), CancellationToken.None);

        AssertAboutASecondAnd200MB(result);
    }

    [Fact]
    public async Task Work_in_a_process_orphaned_out_of_the_tree_counts()
    {
        // setsid -f forks: the Python program's parent exits at once, so it is re-parented to init and its
        // usage never reaches the step's shell. The step waits for it on a fifo (costing no CPU itself).
        var burner = Burner(0.9, 200, holdSeconds: 1.5);
        var result = await Runner.RunAsync(Shell(
            $"mkfifo {_dir}/done.fifo",
            $"setsid -f python3 {burner} </dev/null >/dev/null 2>&1",
            $"cat {_dir}/done.fifo"), CancellationToken.None);

        AssertAboutASecondAnd200MB(result);
    }

    [Fact]
    public async Task A_failed_attempt_reports_what_it_used()
    {
        var result = await Runner.RunAsync(Shell($"python3 {Burner(0.45, 10, holdSeconds: 0)}", "exit 3"), CancellationToken.None);

        Assert.Equal(StepOutcome.Failed, result.Outcome);
        var used = Assert.IsType<ResourceUsage>(result.Resources);
        var burned = BurnerCpuSeconds();
        Assert.True(burned >= 0.45, $"the burner stopped at {burned:0.###} s of its own CPU clock");
        AssertWithin20Percent(burned + 0.05, used.CpuSeconds, $"CPU seconds (the burner's own clock said {burned:0.###} s at its end)");
    }

    [Fact]
    public async Task A_cancelled_attempt_reports_what_its_killed_tree_used()
    {
        using var cancel = new CancellationTokenSource();
        var running = Runner.RunAsync(Shell($"python3 {Burner(1.0, 0, forever: true)}"), cancel.Token);
        await TestProcesses.WaitFor(() => File.Exists(Path.Combine(_dir, "burned")));
        await cancel.CancelAsync();
        var result = await running;

        Assert.Equal(StepOutcome.Cancelled, result.Outcome);
        var used = Assert.IsType<ResourceUsage>(result.Resources);
        Assert.True(used.CpuSeconds >= 0.8, $"a tree killed after burning a second of CPU is reported with {used.CpuSeconds:0.###} s");
    }

    [Fact]
    public async Task Bytes_written_to_a_file_are_counted()
    {
        var result = await Runner.RunAsync(Shell($"head -c {20 * Megabyte} /dev/zero > {_dir}/out.bin"), CancellationToken.None);

        var used = Assert.IsType<ResourceUsage>(result.Resources);
        Assert.InRange(used.WrittenBytes, 20 * Megabyte, 21 * Megabyte);
        Assert.InRange(used.ReadBytes, 20 * Megabyte, 21 * Megabyte);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("sleep 0.5")]
    [InlineData("echo small; sleep 0.5")]
    public async Task A_small_steps_peak_is_its_own_not_the_executors(string command)
    {
        // The step's leader is started with vfork, sharing the Executor's memory until exec: the kernel's
        // rusage then remembers the Executor's high-water mark as the leader's. It must not show as the step's.
        var ballast = new byte[64 * Megabyte]; // the Executor's own peak is well above the step's
        Array.Fill(ballast, (byte)1);
        var result = await Runner.RunAsync(Shell(command), CancellationToken.None);
        GC.KeepAlive(ballast);

        var used = Assert.IsType<ResourceUsage>(result.Resources);
        Assert.True(used.PeakMemoryBytes is null or < 20 * Megabyte, $"'{command}' is reported with a peak of {used.PeakMemoryBytes / Megabyte} MB");
    }

    [Fact]
    public async Task With_measurement_off_a_step_runs_and_reports_no_resources()
    {
        await using var services = new ServiceCollection().AddExecutor(o => o.MeasureResources = false).BuildServiceProvider();
        var result = await services.GetRequiredService<StepAttemptRunner>().RunAsync(Shell("echo hi"), CancellationToken.None);

        Assert.Equal(StepOutcome.Succeeded, result.Outcome);
        Assert.Null(result.Resources);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
