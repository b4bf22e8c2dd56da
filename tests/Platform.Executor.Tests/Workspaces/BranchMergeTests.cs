using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Executor.Extensions;
using Platform.Executor.Running;
using Platform.Executor.Scratch;
using Platform.Executor.Workspaces;

namespace Platform.Executor.Tests.Workspaces;

/// <summary>
/// Branch layers on one Executor, with overlayfs and with the copy fallback alike: what a branch
/// changed, which changes conflict, and what a merge leaves in the directory or in an enclosing layer.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BranchMergeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("branch-merge-").FullName;
    private readonly Guid _run = Guid.NewGuid();

    private string Dir => Path.Combine(_root, "dir");

    private ServiceProvider Executor(BranchIsolation? isolation)
    {
        Directory.CreateDirectory(Dir);
        return new ServiceCollection().AddExecutor(o =>
        {
            o.WorkRoot = Path.Combine(_root, "work");
            o.DefaultWorkdir = Dir;
            o.Isolation = isolation;
        }).BuildServiceProvider();
    }

    private Task Run(ServiceProvider services, string command, params string[] layers) => Run(services, command, layers, null);

    /// <summary>A step of the fire-and-forget branch <paramref name="branch"/>.</summary>
    private Task RunDetached(ServiceProvider services, string command, string branch) => Run(services, command, [branch], [branch]);

    private async Task Run(ServiceProvider services, string command, string[] layers, string[]? detached)
    {
        var step = new ExecuteStep(_run, "s", 1, [command], null, null, new Dictionary<string, string>(), null, 30_000, Layers: layers, DetachedLayers: detached);
        var result = await services.GetRequiredService<StepAttemptRunner>().RunAsync(step, CancellationToken.None);
        Assert.True(result.Outcome == StepOutcome.Succeeded, $"{command}: {result.Error} {result.LogTail}");
    }

    private static async Task<WorkspaceLayersMerged> Merge(ServiceProvider services, Guid run, string[] into, string onConflict, params string[] branches)
    {
        var workspaces = services.GetRequiredService<BranchWorkspaces>();
        var merge = new MergeWorkspaceLayers(run, "g", into, [.. branches.Select(b => new WorkspaceBranch(b, b.ToUpperInvariant()))], [], onConflict);
        var merged = await workspaces.MergeAsync(merge, CancellationToken.None);
        workspaces.RemoveLayers(merge);
        return merged;
    }

    /// <summary>The fire-and-forget branch <paramref name="branch"/> of group "bg" ended: its layer alone is merged.</summary>
    private async Task<WorkspaceLayersMerged> MergeDetached(ServiceProvider services, string onConflict, string branch)
    {
        var workspaces = services.GetRequiredService<BranchWorkspaces>();
        var merge = new MergeWorkspaceLayers(_run, "bg", [], [new WorkspaceBranch(branch, branch.ToUpperInvariant())], [], onConflict, branch);
        var merged = await workspaces.MergeAsync(merge, CancellationToken.None);
        workspaces.RemoveLayers(merge);
        Assert.Equal(branch, merged.Branch);
        return merged;
    }

    private string Content(string file) => File.ReadAllText(Path.Combine(Dir, file));

    private string[] Entries() => [.. Directory.GetFileSystemEntries(Dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task A_detached_branch_merged_later_keeps_what_a_sibling_and_later_steps_wrote_meanwhile(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);
        File.WriteAllText(Path.Combine(Dir, "kept.txt"), "old\n");
        await RunDetached(services, "echo a > a.txt", "a");
        await RunDetached(services, "echo b > b.txt", "b");

        Assert.Empty((await MergeDetached(services, "fail", "a")).Conflicts);
        File.WriteAllText(Path.Combine(Dir, "later.txt"), "later\n"); // steps after the group, in the directory itself
        File.WriteAllText(Path.Combine(Dir, "kept.txt"), "changed\n");
        Assert.Empty((await MergeDetached(services, "fail", "b")).Conflicts);

        Assert.Equal(["a.txt", "b.txt", "kept.txt", "later.txt"], Entries());
        Assert.Equal("changed\n", Content("kept.txt"));
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task A_detached_branch_writing_a_file_differently_from_a_sibling_merged_before_conflicts_and_is_not_merged(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);
        await RunDetached(services, "echo A > shared.txt", "a");
        await RunDetached(services, "echo B > shared.txt; echo b > b.txt", "b");
        await RunDetached(services, "echo A > shared.txt; echo c > c.txt", "c");

        Assert.Empty((await MergeDetached(services, "fail", "a")).Conflicts);
        Assert.Equal([new WorkspaceConflict("shared.txt", "A", "B")], (await MergeDetached(services, "fail", "b")).Conflicts);
        Assert.Empty((await MergeDetached(services, "fail", "c")).Conflicts); // the same bytes as a's

        Assert.Equal(["c.txt", "shared.txt"], Entries());
        Assert.Equal("A\n", Content("shared.txt"));
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task Under_last_wins_the_later_detached_branch_wins_and_is_remembered_for_the_next(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);
        await RunDetached(services, "echo A > shared.txt", "a");
        await RunDetached(services, "echo B > shared.txt", "b");
        await RunDetached(services, "echo C > shared.txt", "c");
        await RunDetached(services, "echo C > shared.txt", "d");

        Assert.Empty((await MergeDetached(services, "last-wins", "a")).Conflicts);
        Assert.Equal([new WorkspaceConflict("shared.txt", "A", "B")], (await MergeDetached(services, "last-wins", "b")).Conflicts);
        Assert.Equal([new WorkspaceConflict("shared.txt", "B", "C")], (await MergeDetached(services, "last-wins", "c")).Conflicts); // b's is there
        Assert.Empty((await MergeDetached(services, "last-wins", "d")).Conflicts); // the directory already holds what it wrote
        Assert.Equal("C\n", Content("shared.txt"));
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task Deleting_what_a_sibling_changed_is_a_conflict_and_nothing_is_merged(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);
        File.WriteAllText(Path.Combine(Dir, "shared.txt"), "old\n");

        await Run(services, "rm shared.txt; echo new > mine.txt", "a");
        await Run(services, "echo more >> shared.txt", "b");
        var merged = await Merge(services, _run, [], "fail", "a", "b");

        Assert.Equal([new WorkspaceConflict("shared.txt", "A", "B")], merged.Conflicts);
        Assert.Equal("old\n", Content("shared.txt"));
        Assert.False(File.Exists(Path.Combine(Dir, "mine.txt")));
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task A_different_mode_is_a_conflict_and_the_same_mode_change_is_not(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);
        File.WriteAllText(Path.Combine(Dir, "tool.sh"), "true\n");

        await Run(services, "chmod 755 tool.sh", "a");
        await Run(services, "chmod 700 tool.sh", "b");
        await Run(services, "chmod 755 tool.sh", "c");

        Assert.Equal([new WorkspaceConflict("tool.sh", "A", "B")], (await Merge(services, _run, [], "last-wins", "a", "b")).Conflicts);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(Dir, "tool.sh")));

        await Run(services, "chmod 755 tool.sh", "d");
        Assert.Empty((await Merge(services, _run, [], "fail", "c", "d")).Conflicts);
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(Dir, "tool.sh")));
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task Deletions_and_new_directories_merge_into_the_directory_and_the_layers_are_removed(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);
        File.WriteAllText(Path.Combine(Dir, "old.txt"), "old\n");
        Directory.CreateDirectory(Path.Combine(Dir, "build", "obj"));
        File.WriteAllText(Path.Combine(Dir, "build", "obj", "a.o"), "o\n");

        await Run(services, "rm old.txt; rm -r build", "a");
        await Run(services, "mkdir -p dist/js && echo app > dist/js/app.js", "b");
        var merged = await Merge(services, _run, [], "fail", "a", "b");

        Assert.Empty(merged.Conflicts);
        Assert.Equal(["dist"], Directory.GetFileSystemEntries(Dir).Select(Path.GetFileName));
        Assert.Equal("app\n", Content("dist/js/app.js"));
        Assert.False(Directory.Exists(Path.Combine(services.GetRequiredService<ScratchFolder>().Path, "layers", _run.ToString("N"))));
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay, "true", true)]
    [InlineData(BranchIsolation.Overlay, "echo x > x.txt", false)]
    [InlineData(BranchIsolation.Copy, "true", false)] // a copy's changes are known only by comparing it
    public async Task A_success_says_whether_its_layer_was_left_empty(BranchIsolation isolation, string command, bool unchanged)
    {
        await using var services = Executor(isolation);
        var runner = services.GetRequiredService<StepAttemptRunner>();

        var shell = await runner.RunAsync(new ExecuteStep(_run, "s", 1, [command], null, null, new Dictionary<string, string>(), null, 30_000, Layers: ["a"]), CancellationToken.None);
        var sleep = await runner.RunAsync(new ExecuteStep(_run, "z", 1, null, 0, null, new Dictionary<string, string>(), null, 30_000, Layers: ["b"]), CancellationToken.None);

        Assert.Equal(unchanged, shell.LayerUnchanged);
        Assert.True(sleep.LayerUnchanged, "a sleep step writes nothing");
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task What_a_branch_wrote_after_a_step_that_wrote_nothing_is_merged_and_a_branch_that_wrote_nothing_changes_nothing(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);
        File.WriteAllText(Path.Combine(Dir, "kept.txt"), "kept\n");

        await Run(services, "true", "a"); // its layer found empty as the step ends
        await Run(services, "echo later > later.txt", "a");
        await Run(services, "cat kept.txt > /dev/null", "b");
        var merged = await Merge(services, _run, [], "fail", "a", "b");

        Assert.Empty(merged.Conflicts);
        Assert.Equal(["kept.txt", "later.txt"], Entries());
        Assert.Equal("later\n", Content("later.txt"));
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task A_nested_group_merged_into_an_enclosing_branch_that_ran_nothing_itself_reaches_the_directory(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);

        await Run(services, "echo x > x.txt", "outer", "x");
        Assert.Empty((await Merge(services, _run, ["outer"], "fail", "x")).Conflicts);
        Assert.Empty((await Merge(services, _run, [], "fail", "outer")).Conflicts);

        Assert.Equal(["x.txt"], Entries());
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task A_nested_group_merges_into_its_enclosing_branch_which_alone_then_sees_it(BranchIsolation isolation)
    {
        await using var services = Executor(isolation);
        File.WriteAllText(Path.Combine(Dir, "old.txt"), "old\n");

        await Run(services, "echo x > x.txt", "outer", "x");
        await Run(services, "rm old.txt; echo y > y.txt", "outer", "y");
        Assert.Empty((await Merge(services, _run, ["outer"], "fail", "x", "y")).Conflicts);

        await Run(services, "test -f x.txt && test -f y.txt && test ! -e old.txt", "outer");
        Assert.Equal(["old.txt"], Directory.GetFileSystemEntries(Dir).Select(Path.GetFileName));

        Assert.Empty((await Merge(services, _run, [], "fail", "outer")).Conflicts);
        Assert.Equal(["x.txt", "y.txt"], Directory.GetFileSystemEntries(Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_overlayfs_a_branch_runs_in_the_directory_s_own_path()
    {
        await using var services = Executor(BranchIsolation.Overlay);
        Assert.Equal("overlayfs", services.GetRequiredService<BranchWorkspaces>().Mechanism);

        await Run(services, $"test \"$(pwd)\" = '{Dir}' && echo here > here.txt", "a");

        Assert.False(File.Exists(Path.Combine(Dir, "here.txt")));
        Assert.DoesNotContain(File.ReadAllLines("/proc/mounts"), line => line.Contains(_root, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_branch_step_s_mount_namespace_is_let_go_soon_after_it_ends()
    {
        await using var services = Executor(BranchIsolation.Overlay);
        await Run(services, "readlink /proc/self/ns/mnt > ns.txt", "a");
        Assert.Empty((await Merge(services, _run, [], "fail", "a")).Conflicts);
        var stepNamespace = Content("ns.txt").Trim();
        Assert.StartsWith("mnt:[", stepNamespace, StringComparison.Ordinal);
        Assert.NotEqual(File.ResolveLinkTarget("/proc/self/ns/mnt", false)?.ToString(), stepNamespace);

        // Held past the step's exit so that its unmount is off the step's path, then closed: never kept for good.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (HeldNamespaces().Contains(stepNamespace) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.DoesNotContain(stepNamespace, HeldNamespaces());
    }

    private static string[] HeldNamespaces() =>
        [.. Directory.GetFiles("/proc/self/fd").Select(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget ?? "";
            }
            catch (IOException)
            {
                return ""; // closed meanwhile
            }
        })];

    [Fact]
    public async Task Unless_told_a_standalone_Executor_runs_branches_in_the_directory_itself()
    {
        await using var services = Executor(null);

        await Run(services, "echo a > same.txt", "a");
        await Run(services, "echo b > same.txt", "b");

        Assert.Equal("off", services.GetRequiredService<BranchWorkspaces>().Mechanism);
        Assert.Equal("b\n", Content("same.txt"));
        Assert.Empty((await Merge(services, _run, [], "fail", "a", "b")).Conflicts);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
