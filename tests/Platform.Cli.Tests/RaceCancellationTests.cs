using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>Many running steps cancelled at once, as a race's losers are: every one is stopped at once.</summary>
public sealed class RaceCancellationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-race-").FullName;

    [Fact]
    public async Task Every_loser_of_a_race_is_killed_when_the_winner_ends_not_when_the_run_exits()
    {
        var losers = Enumerable.Range(1, 9).Select(i => $"        - {{ id: loser{i}, run: 'echo $$ > {_dir}/loser{i}; sleep 30' }}\n");
        var pipeline = Path.Combine(_dir, "race.yaml");
        await File.WriteAllTextAsync(pipeline,
            $"id: race\nsteps:\n  - parallel:\n      wait: any\n      steps:\n        - {{ id: winner, run: 'sleep 1' }}\n{string.Concat(losers)}  - {{ id: after, run: 'true' }}\n");

        using var run = CliProcess.Start("run", pipeline, "--json", "--store", "memory");
        var stdout = await run.StandardOutput.ReadToEndAsync();
        await run.ExitWithin();
        var exitedAt = DateTimeOffset.UtcNow;

        Assert.True(run.ExitCode == 0, await run.StandardError.ReadToEndAsync());
        var report = JsonDocument.Parse(stdout).RootElement;
        // From the run's start, not the process's: a loaded machine's start-up is not what is measured.
        var took = exitedAt - report.GetProperty("startedAt").GetDateTimeOffset();
        var steps = report.GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("status").GetString());
        Assert.All(Enumerable.Range(1, 9), i => Assert.Equal("cancelled", steps[$"loser{i}"]));
        // A loser left running would hold the CLI until its executor gave up on it at shutdown (10 s).
        Assert.True(took < TimeSpan.FromSeconds(8), $"the run took {took} for a 1 s winner");
        foreach (var i in Enumerable.Range(1, 9))
        {
            var pid = int.Parse(File.ReadAllText(Path.Combine(_dir, $"loser{i}")).Trim(), CultureInfo.InvariantCulture);
            Assert.False(TestProcesses.Alive(pid), $"loser{i} (pid {pid}) is still running");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
