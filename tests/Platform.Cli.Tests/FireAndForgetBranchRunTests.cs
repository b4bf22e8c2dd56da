using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>
/// Fire-and-forget branches (<c>wait: none</c>) run for real by <c>./platform run</c> in a directory of its own:
/// each writes into a layer of its own, merged into the directory as soon as the branch ends while the run
/// goes on; a branch that wrote a file differently from a sibling merged before it fails the run, unmerged.
/// Steps signal each other through files outside the directory, so nothing depends on timing.
/// </summary>
public sealed class FireAndForgetBranchRunTests : IDisposable
{
    private readonly string _workdir = Directory.CreateTempSubdirectory("platform-ff-workspace-").FullName;
    private readonly string _signals = Directory.CreateTempSubdirectory("platform-ff-signals-").FullName;

    private string Go => Path.Combine(_signals, "go");

    /// <summary>A shell loop that waits (at most 10 s) for <paramref name="test"/> to hold.</summary>
    private static string Until(string test) => $"for i in $(seq 200); do {test} && break; sleep 0.05; done; {test}";

    private static string Seed(string first, string second, string after, string group = "") => $$"""
        id: seed
        steps:
          - id: background
            name: Background
            parallel:
              wait: none
              {{group}}
              steps:
                - { id: first, name: StepA, run: '{{first}}' }
                - { id: second, name: StepB, run: '{{second}}' }
          - { id: after, run: '{{after}}' }
        """;

    [Theory]
    [InlineData("Overlay")]
    [InlineData("Copy")]
    public async Task Two_detached_branches_writing_two_files_are_merged_as_each_ends_while_the_run_goes_on(string isolation)
    {
        var (exit, report, stderr) = await RunAsync(isolation, Seed(
            $"echo A > a.txt; {Until($"test -e {Go}")}",
            "echo B > b.txt",
            // first has written a.txt but not ended: not visible yet; once it ends its file arrives while the run goes on.
            $"test ! -e a.txt && touch {Go} && {Until("test -e a.txt")}"));

        Assert.True(exit == 0, stderr);
        Assert.Equal("succeeded", Row(report, "after").GetProperty("status").GetString());
        Assert.Equal("A\n", Content("a.txt"));
        Assert.Equal("B\n", Content("b.txt"));
        Assert.Empty(IsolatedBranchRunTests.OverlayMounts());
    }

    [Theory]
    [InlineData("Overlay")]
    [InlineData("Copy")]
    public async Task A_branch_writing_a_file_differently_from_a_sibling_merged_before_fails_the_run_naming_both_and_is_not_merged(string isolation)
    {
        var (exit, report, stderr) = await RunAsync(isolation, Seed(
            "echo A > shared.txt",
            $"{Until($"test -e {Go}")} && echo B > shared.txt && touch extra.txt",
            // StepA's file has been merged before StepB writes its own.
            $"{Until("test -e shared.txt")} && touch {Go}"));

        Assert.True(exit == 1, stderr);
        var group = Row(report, "background");
        Assert.Equal("failed", group.GetProperty("status").GetString());
        Assert.Equal("conflict: shared.txt written by StepA and StepB (in Background)", group.GetProperty("reason").GetString());
        Assert.Equal("succeeded", Row(report, "second").GetProperty("status").GetString());
        Assert.Equal("succeeded", Row(report, "after").GetProperty("status").GetString());
        Assert.Equal("A\n", Content("shared.txt"));
        Assert.False(File.Exists(Path.Combine(_workdir, "extra.txt")));
    }

    [Theory]
    [InlineData("Overlay")]
    [InlineData("Copy")]
    public async Task A_file_a_later_step_changed_too_ends_with_the_branch_s_version_and_no_conflict(string isolation)
    {
        File.WriteAllText(Path.Combine(_workdir, "notes.txt"), "old\n");

        var (exit, _, stderr) = await RunAsync(isolation, Seed(
            $"{Until($"test -e {Go}")} && echo branch > notes.txt",
            "true",
            $"echo step > notes.txt && echo step > step.txt && touch {Go}"));

        Assert.True(exit == 0, stderr);
        Assert.Equal("branch\n", Content("notes.txt"));
        Assert.Equal("step\n", Content("step.txt"));
    }

    [Fact]
    public async Task Isolate_false_lets_detached_branches_and_later_steps_share_the_directory_as_before()
    {
        var (exit, _, stderr) = await RunAsync(null, Seed(
            $"echo A > a.txt; {Until($"test -e {Go}")}",
            "echo B > b.txt",
            $"{Until("test -e a.txt")} && touch {Go}", // sees first's file while first still runs
            "isolate: false"));

        Assert.True(exit == 0, stderr);
        Assert.Equal("A\n", Content("a.txt"));
        Assert.Equal("B\n", Content("b.txt"));
    }

    /// <param name="isolation"><c>Executor:Isolation</c>: overlayfs, or the copy fallback; null: the embedded default.</param>
    private async Task<(int Exit, JsonElement Report, string Stderr)> RunAsync(string? isolation, string yaml)
    {
        using var pipeline = new TempPipeline(yaml, "seed.yaml");
        var environment = new Dictionary<string, string?> { ["PLATFORM_Executor__Isolation"] = isolation };
        var result = await CliResult.RunInAsync(_workdir, environment, "run", pipeline.Path, "--json", "--store", "memory");
        return (result.ExitCode, result.Stdout.Length > 0 ? JsonDocument.Parse(result.Stdout).RootElement : default, result.Stderr);
    }

    private string Content(string file) => File.ReadAllText(Path.Combine(_workdir, file));

    private static JsonElement Row(JsonElement report, string id) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    public void Dispose()
    {
        Directory.Delete(_workdir, recursive: true);
        Directory.Delete(_signals, recursive: true);
    }
}
