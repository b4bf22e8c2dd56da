using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Executor.Extensions;
using Platform.Executor.Running;
using Platform.Executor.Workspaces;

namespace Platform.Executor.Tests.Workspaces;

/// <summary>
/// A standalone Executor's run workspaces (<c>Executor:WorkspaceRoot</c>): each run's steps work in
/// WorkspaceRoot/RUNID, what a killed Executor left goes at the next start unless kept, and a step that
/// leaves the workspace over <c>Executor:MaxWorkspaceBytes</c> fails saying so.
/// </summary>
public sealed class RunWorkspaceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("run-workspaces-").FullName;

    private string WorkspaceRoot => Path.Combine(_root, "workspaces");

    private ServiceProvider Executor(Action<ExecutorOptions>? configure = null) => new ServiceCollection().AddExecutor(o =>
    {
        o.WorkRoot = Path.Combine(_root, "work");
        o.WorkspaceRoot = WorkspaceRoot;
        configure?.Invoke(o);
    }).BuildServiceProvider();

    private static Task<StepResult> Run(ServiceProvider services, Guid run, string command) =>
        services.GetRequiredService<StepAttemptRunner>().RunAsync(
            new ExecuteStep(run, "s", 1, [command], null, null, new Dictionary<string, string>(), null, 30_000), CancellationToken.None);

    [Fact]
    public async Task Each_run_works_in_a_directory_of_its_own_under_the_workspace_root()
    {
        using var services = Executor();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        var a = await Run(services, first, "echo \"dir=$PWD\" >> \"$PLATFORM_OUTPUT\"; echo a > mine.txt");
        var b = await Run(services, second, "echo \"dir=$PWD\" >> \"$PLATFORM_OUTPUT\"; test ! -e mine.txt");

        Assert.True(b.Outcome == StepOutcome.Succeeded, b.Error); // the other run's file is not there
        Assert.Equal(Path.Combine(WorkspaceRoot, first.ToString()), a.Outputs["dir"]);
        Assert.Equal(Path.Combine(WorkspaceRoot, second.ToString()), b.Outputs["dir"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task What_a_killed_executor_left_goes_at_the_next_start_unless_kept(bool keep)
    {
        var leftover = Directory.CreateDirectory(Path.Combine(WorkspaceRoot, Guid.NewGuid().ToString())).FullName;
        await File.WriteAllTextAsync(Path.Combine(leftover, "build.log"), "half a build");
        using var services = Executor(o => o.KeepWorkspace = keep);

        await new RunWorkspaceCleanup(services.GetRequiredService<RunWorkspaces>()).StartAsync(CancellationToken.None);

        Assert.Equal(keep, Directory.Exists(leftover));
    }

    [Fact]
    public async Task A_step_leaving_the_run_workspace_over_its_disk_cap_fails_with_the_reason()
    {
        using var services = Executor(o => o.MaxWorkspaceBytes = 1024 * 1024);
        var run = Guid.NewGuid();

        var within = await Run(services, run, "head -c 524288 /dev/zero > half.bin");
        var over = await Run(services, run, "head -c 1048576 /dev/zero > more.bin");

        Assert.Equal(StepOutcome.Succeeded, within.Outcome);
        Assert.Equal(StepOutcome.Failed, over.Outcome);
        Assert.Equal("the run's workspace on this host holds 1.5 MB, over the 1 MB cap (Executor:MaxWorkspaceBytes)", over.Error);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
