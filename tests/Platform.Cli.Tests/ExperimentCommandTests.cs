using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary><c>platform experiment</c>: the same pipeline at several parallelism levels, compared.</summary>
public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-experiment-").FullName;

    private static Dictionary<int, JsonElement> Levels(JsonElement result) =>
        result.GetProperty("levels").EnumerateArray().ToDictionary(l => l.GetProperty("level").GetInt32());

    [Fact]
    public async Task Eight_independent_waits_speed_up_with_the_level_and_the_plot_is_drawn()
    {
        var steps = string.Concat(Enumerable.Range(1, 8).Select(i => $"      - {{ id: w{i}, sleep: 300ms }}\n"));
        using var pipeline = new TempPipeline($"id: eight\nsteps:\n  - parallel:\n{steps}");
        var plot = Path.Combine(_dir, "eight.svg");

        var run = await CliResult.RunAsync("experiment", pipeline.Path, "--parallelism", "1,2,4,8", "--json", "--plot", plot);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var levels = Levels(JsonDocument.Parse(run.Stdout).RootElement);
        Assert.Equal([1, 2, 4, 8], levels.Keys.Order());
        var speedUp = levels.ToDictionary(l => l.Key, l => l.Value.GetProperty("speedUp").GetDouble());
        Assert.True(speedUp[2] > 1.5 && speedUp[4] > speedUp[2] && speedUp[8] > speedUp[4], run.Stdout);
        Assert.Contains("<svg", await File.ReadAllTextAsync(plot), StringComparison.Ordinal);
        Assert.Contains("level 8, run 1 of 1: succeeded", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_that_fails_only_when_its_sibling_writes_the_same_file_is_named()
    {
        var shared = Path.Combine(_dir, "shared.txt");
        using var pipeline = new TempPipeline(
            "id: racy\nsteps:\n  - parallel:\n"
            + $"      - {{ id: writer, run: 'echo mine > {shared}; sleep 0.3; test \"$(cat {shared})\" = mine' }}\n"
            + $"      - {{ id: other, run: 'sleep 0.1; echo theirs > {shared}' }}\n");

        var run = await CliResult.RunAsync("experiment", pipeline.Path, "--parallelism", "1,2");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("fails only in parallel: writer (at 2; 1 failures): suspect shared state or contention", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fails only in parallel: other", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_experiments_runs_are_kept_in_the_store_but_are_not_the_pipelines_history()
    {
        using var pipeline = new TempPipeline("id: kept\nsteps:\n  - parallel:\n      - { id: a, sleep: 10ms }\n      - { id: b, sleep: 10ms }\n");
        var store = Path.Combine(_dir, "runs.db");

        var experiment = await CliResult.RunAsync("experiment", pipeline.Path, "--parallelism", "1,2", "--store", store);
        Assert.True(experiment.ExitCode == 0, experiment.Stderr);

        var listed = await CliResult.RunAsync("runs", "--store", store, "--json");
        var names = JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
        Assert.Equal(2, names.Count);
        Assert.All(names, n => Assert.Matches(@"^experiment-\d{8}T\d{9}-p[12]-r1$", n));

        var none = await CliResult.RunAsync("stats", "kept", "--store", store);
        Assert.Equal(1, none.ExitCode);

        var run = await CliResult.RunAsync("run", pipeline.Path, "--store", store);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var stats = await CliResult.RunAsync("stats", "kept", "--store", store, "--json");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Equal(1, JsonDocument.Parse(stats.Stdout).RootElement.GetProperty("runs").GetInt32());
    }

    [Fact]
    public async Task A_level_that_is_not_a_number_is_one_line_of_error()
    {
        using var pipeline = new TempPipeline("id: p\nsteps:\n  - { id: a, sleep: 1ms }\n");

        var run = await CliResult.RunAsync("experiment", pipeline.Path, "--parallelism", "1,two");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --parallelism 1,two: 'two' is not a level (a whole number from 1), e.g. 1,2,4,8", run.Stderr.Trim());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
