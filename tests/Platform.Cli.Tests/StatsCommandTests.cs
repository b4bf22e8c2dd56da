using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary><c>platform stats</c> over runs kept in a store, checked against what <c>show --json</c> says of each run.</summary>
public sealed class StatsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-stats-").FullName;

    private string Store => Path.Combine(_dir, "runs.db");

    [Fact]
    public async Task Stats_over_stored_runs_agree_with_their_reports_and_name_the_step_that_passed_only_on_a_retry()
    {
        var count = Path.Combine(_dir, "count");
        using var pipeline = new TempPipeline(
            "id: stats-demo\nsteps:\n  - parallel:\n      - { id: a, run: 'sleep 0.05' }\n      - { id: b, run: 'sleep 0.1' }\n"
            + $"  - {{ id: c, run: 'n=$(cat {count} 2>/dev/null || echo 0); echo $((n+1)) > {count}; test $n -ne 1', retry: {{ attempts: 2 }} }}\n");
        for (var i = 0; i < 4; i++)
        {
            var run = await CliResult.RunAsync("run", pipeline.Path, "--store", Store);
            Assert.True(run.ExitCode == 0, run.Stderr);
        }

        var stats = await CliResult.RunAsync("stats", "stats-demo", "--store", Store, "--json");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        var root = JsonDocument.Parse(stats.Stdout).RootElement;
        var steps = root.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);

        // By hand, from each run's own report.
        var reports = new List<JsonElement>();
        var list = await CliResult.RunAsync("runs", "--pipeline", "stats-demo", "--store", Store, "--json");
        foreach (var run in JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray())
        {
            var show = await CliResult.RunAsync("show", run.GetProperty("runId").GetString()!, "--store", Store, "--json");
            reports.Add(JsonDocument.Parse(show.Stdout).RootElement);
        }

        var b = reports.Select(r => Duration(r, "b")).Order().ToList();
        Assert.Equal(4, root.GetProperty("runs").GetInt32());
        Assert.Equal(4, steps["b"].GetProperty("runs").GetInt32());
        // The report prints microseconds and the store keeps 100 ns ticks, so the two agree to within a microsecond.
        Assert.Equal(b[1], steps["b"].GetProperty("durationP50").GetDouble(), Microsecond); // nearest rank: ⌈0.5·4⌉ = 2nd
        Assert.Equal(b[3], steps["b"].GetProperty("durationMax").GetDouble(), Microsecond);
        Assert.Equal(4, steps["c"].GetProperty("succeeded").GetInt32());
        Assert.Equal("succeeded only on a retry in 1 of 4 runs", steps["c"].GetProperty("flaky").GetString());
        Assert.False(steps["a"].TryGetProperty("flaky", out _));
        Assert.True(steps["a"].GetProperty("queueP50").GetDouble() >= 0);

        // c waited for whichever branch ended last, through the parallel group's merge of its branches' layers.
        Assert.Equal(4, steps["c"].GetProperty("onCriticalPath").GetInt32());
        Assert.Equal(4, steps["a"].GetProperty("onCriticalPath").GetInt32() + steps["b"].GetProperty("onCriticalPath").GetInt32());

        var table = await CliResult.RunAsync("stats", pipeline.Path, "--store", Store);
        Assert.Contains("pipeline stats-demo: 4 runs, 4 succeeded", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("flaky: c: succeeded only on a retry in 1 of 4 runs", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_from_history_takes_each_step_its_median_and_compares_a_sequential_group()
    {
        using var pipeline = new TempPipeline("id: history-demo\nsteps:\n  - parallel:\n      id: both\n      steps:\n"
            + "        - { id: slow, run: 'sleep 0.4' }\n        - { id: quick, run: 'sleep 0.1' }\n");
        for (var i = 0; i < 3; i++)
        {
            var run = await CliResult.RunAsync("run", pipeline.Path, "--store", Store);
            Assert.True(run.ExitCode == 0, run.Stderr);
        }

        var stats = JsonDocument.Parse((await CliResult.RunAsync("stats", "history-demo", "--store", Store, "--json")).Stdout).RootElement
            .GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("durationP50").GetDouble());
        var simulated = await CliResult.RunAsync("simulate", pipeline.Path, "--from-history", "--store", Store, "--json", "--sequential", "both");

        Assert.True(simulated.ExitCode == 0, simulated.Stderr);
        var report = JsonDocument.Parse(simulated.Stdout).RootElement;
        var wall = report.GetProperty("wallSeconds").GetDouble();
        Assert.True(Math.Abs(stats["slow"] + stats["quick"] - wall) < 0.002, $"{wall} is not {stats["slow"]} + {stats["quick"]}"); // one after the other
        Assert.Matches(@"as declared: wall [0-9.]+s, critical path slow\n", simulated.Stderr);
        Assert.Contains("durations: the median of the last 3 runs of history-demo", simulated.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_of_a_pipeline_with_no_runs_say_so_in_one_line()
    {
        var stats = await CliResult.RunAsync("stats", "never-ran", "--store", Store);

        Assert.Equal(1, stats.ExitCode);
        Assert.Equal("error: no finished runs of pipeline 'never-ran' in the store", stats.Stderr.Trim());
    }

    private const double Microsecond = 1.5e-6;

    private static double Duration(JsonElement report, string id)
    {
        var step = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
        return (DateTimeOffset.Parse(step.GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(step.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture)).TotalSeconds;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
