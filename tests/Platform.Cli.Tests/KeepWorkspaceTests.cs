namespace Platform.Cli.Tests;

/// <summary>
/// <c>./platform run --keep-workspace</c>: the layers of a run's isolated branches stay after the run for
/// debugging — a failed branch's files, which never reach the directory, among them — and stderr names the
/// folder that holds them; without it nothing is left there.
/// </summary>
public sealed class KeepWorkspaceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-keep-").FullName;

    private string Work => Directory.CreateDirectory(Path.Combine(_dir, "work")).FullName;

    private string Scratch => Path.Combine(_dir, "scratch");

    private async Task<CliResult> RunAsync(params string[] extra)
    {
        var pipeline = Path.Combine(_dir, "pipeline.yaml");
        await File.WriteAllTextAsync(pipeline, """
            id: keep
            steps:
              - parallel:
                  failFast: false
                  steps:
                    - { id: first, run: 'echo half > first.txt; exit 3' }
                    - { id: second, run: 'echo two > second.txt' }
            """);
        return await CliResult.RunInAsync(Work, new Dictionary<string, string?> { ["PLATFORM_Executor__WorkRoot"] = Scratch },
            ["run", pipeline, "--store", "memory", .. extra]);
    }

    /// <summary>Every file named <paramref name="name"/> below the scratch folder.</summary>
    private string[] Found(string name) =>
        Directory.Exists(Scratch) ? Directory.GetFiles(Scratch, name, SearchOption.AllDirectories) : [];

    [Fact]
    public async Task The_branch_layers_stay_and_stderr_names_their_folder()
    {
        var run = await RunAsync("--keep-workspace");

        Assert.True(run.ExitCode == 1, run.Stderr);
        Assert.Equal("two\n", File.ReadAllText(Path.Combine(Work, "second.txt"))); // merged as always
        Assert.False(File.Exists(Path.Combine(Work, "first.txt"))); // discarded as always
        var kept = Assert.Single(Found("first.txt"));
        Assert.Equal("half\n", File.ReadAllText(kept));
        var folder = Assert.Single(Directory.GetDirectories(Scratch));
        Assert.StartsWith(folder, kept, StringComparison.Ordinal);
        Assert.Contains(folder, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_it_nothing_of_the_branches_is_left()
    {
        var run = await RunAsync();

        Assert.True(run.ExitCode == 1, run.Stderr);
        Assert.Empty(Found("first.txt"));
        Assert.DoesNotContain("Kept", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
