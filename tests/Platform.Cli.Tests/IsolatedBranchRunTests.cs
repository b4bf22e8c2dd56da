using System.Diagnostics;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>
/// Codefresh's parallel-steps example, run for real by <c>./platform run</c> in a directory of its own:
/// each branch writes into a layer of its own, the layers merge at the fan-in, and two branches
/// writing one file differently fail the group and leave the directory as it was.
/// </summary>
public sealed class IsolatedBranchRunTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    private readonly string _workdir = Directory.CreateTempSubdirectory("platform-workspace-").FullName;
    private readonly string _pipelines = Directory.CreateTempSubdirectory("platform-workspace-pipelines-").FullName;

    private static string Seed(string first, string second, string group = "") => $$"""
        id: seed
        steps:
          - id: writing
            name: WritingInParallel
            parallel:
              {{group}}
              steps:
                - { id: writing_file_1, name: Step1A, run: {{first}} }
                - { id: writing_file_2, name: Step1B, run: {{second}} }
          - { id: listing, name: MyListing, run: 'echo "files=$(ls | tr "\n" " ")" >> "$PLATFORM_OUTPUT"' }
        """;

    [Fact]
    public async Task Two_parallel_steps_writing_two_files_are_both_listed_after_the_group()
    {
        var (exit, report, stderr) = await RunAsync(Seed("echo Step1A > first.txt", "echo Step1B > second.txt"));

        Assert.True(exit == 0, stderr);
        Assert.Equal("first.txt second.txt ", Output(report, "listing", "files"));
        Assert.Equal("Step1A\n", Content("first.txt"));
        Assert.Equal("Step1B\n", Content("second.txt"));
        Assert.Empty(OverlayMounts());
    }

    [Fact]
    public async Task Two_steps_writing_one_file_differently_fail_the_group_naming_both_and_leave_the_directory_as_before()
    {
        File.WriteAllText(Path.Combine(_workdir, "first.txt"), "before\n");

        var (exit, report, stderr) = await RunAsync(Seed("echo Step1A > first.txt", "echo Step1B > first.txt; touch extra.txt"));

        Assert.True(exit == 1, stderr);
        Assert.Equal("failed", Row(report, "writing").GetProperty("status").GetString());
        Assert.Equal("conflict: first.txt written by Step1A and Step1B (in WritingInParallel)", Row(report, "writing").GetProperty("reason").GetString());
        Assert.Equal("skipped", Row(report, "listing").GetProperty("status").GetString());
        Assert.Equal(["first.txt"], Directory.GetFileSystemEntries(_workdir).Select(Path.GetFileName));
        Assert.Equal("before\n", Content("first.txt"));
    }

    [Fact]
    public async Task Two_steps_writing_the_same_content_do_not_conflict()
    {
        var (exit, report, stderr) = await RunAsync(Seed("echo same > first.txt", "echo same > first.txt"));

        Assert.True(exit == 0, stderr);
        Assert.Equal("first.txt ", Output(report, "listing", "files"));
        Assert.Equal("same\n", Content("first.txt"));
    }

    [Fact]
    public async Task A_failed_branch_s_files_are_gone_and_a_succeeded_one_s_are_kept()
    {
        var (exit, report, stderr) = await RunAsync(Seed("'echo half > first.txt; exit 3'", "echo Step1B > second.txt", "failFast: false"));

        Assert.True(exit == 1, stderr);
        Assert.Equal("failed", Row(report, "writing_file_1").GetProperty("status").GetString());
        Assert.False(File.Exists(Path.Combine(_workdir, "first.txt")));
        Assert.Equal("Step1B\n", Content("second.txt"));
    }

    [Fact]
    public async Task Isolate_false_lets_branches_see_each_other_s_files_as_before()
    {
        // Step1B waits (at most 10 s) for the file Step1A writes: only a shared directory lets it see it.
        var (exit, report, stderr) = await RunAsync(Seed(
            "echo Step1A > first.txt",
            "'for i in $(seq 200); do [ -f first.txt ] && exit 0; sleep 0.05; done; exit 1'",
            "isolate: false"));

        Assert.True(exit == 0, stderr);
        Assert.Equal("succeeded", Row(report, "writing_file_2").GetProperty("status").GetString());
        Assert.Equal("first.txt ", Output(report, "listing", "files"));
    }

    [Fact]
    public async Task An_isolated_branch_does_not_see_a_sibling_s_file_before_the_merge()
    {
        var (exit, report, stderr) = await RunAsync(Seed(
            "'echo Step1A > first.txt; sleep 0.5'",
            "'sleep 0.3; test ! -e first.txt'"));

        Assert.True(exit == 0, stderr);
        Assert.Equal("succeeded", Row(report, "writing_file_2").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Branches_that_wrote_nothing_end_their_group_without_a_merge_and_one_beside_them_that_wrote_is_still_merged()
    {
        File.WriteAllText(Path.Combine(_workdir, "kept.txt"), "kept\n");
        var (exit, report, stderr) = await RunAsync("""
            id: quiet
            steps:
              - parallel:
                  id: checks
                  steps:
                    - { id: reads, run: 'cat kept.txt > /dev/null' }
                    - { id: nothing, run: 'true' }
              - parallel:
                  id: build
                  steps:
                    - { id: idle, run: 'true' }
                    - { id: writes, run: 'mkdir -p out && echo built > out/app' }
              - { id: listing, run: 'echo "files=$(ls | tr "\n" " ")" >> "$PLATFORM_OUTPUT"' }
            """);

        Assert.True(exit == 0, stderr);
        Assert.Equal("succeeded", Row(report, "checks").GetProperty("status").GetString());
        Assert.Equal("kept.txt out ", Row(report, "listing").GetProperty("outputs").GetProperty("files").GetString());
        Assert.Equal("built\n", File.ReadAllText(Path.Combine(_workdir, "out", "app")));
    }

    private async Task<(int Exit, JsonElement Report, string Stderr)> RunAsync(string yaml)
    {
        var file = Path.Combine(_pipelines, "seed.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _workdir };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "platform.dll"), "run", file, "--json", "--store", "memory" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the run did not end within {RunTimeout}");
        }

        var json = await stdout;
        return (process.ExitCode, json.Length > 0 ? JsonDocument.Parse(json).RootElement : default, await stderr);
    }

    private string Content(string file) => File.ReadAllText(Path.Combine(_workdir, file));

    private static JsonElement Row(JsonElement report, string id) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    private static string? Output(JsonElement report, string id, string key) =>
        Row(report, id).GetProperty("outputs").GetProperty(key).GetString();

    /// <summary>Overlay mounts left in this machine's mount table (a branch's mount lives only in its step's namespace).</summary>
    internal static List<string> OverlayMounts() =>
        [.. File.ReadAllLines("/proc/mounts").Where(line => line.StartsWith("overlay ", StringComparison.Ordinal) && line.Contains("platform-executor", StringComparison.Ordinal))];

    public void Dispose()
    {
        Directory.Delete(_workdir, recursive: true);
        Directory.Delete(_pipelines, recursive: true);
    }
}
