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
        var steps = Statuses(report);
        Assert.All(Enumerable.Range(1, 9), i => Assert.Equal("cancelled", steps[$"loser{i}"]));
        // A loser left running would hold the CLI until its executor gave up on it at shutdown (10 s).
        Assert.True(took < TimeSpan.FromSeconds(8), $"the run took {took} for a 1 s winner");
        foreach (var i in Enumerable.Range(1, 9))
        {
            var pid = int.Parse(File.ReadAllText(Path.Combine(_dir, $"loser{i}")).Trim(), CultureInfo.InvariantCulture);
            Assert.False(TestProcesses.Alive(pid), $"loser{i} (pid {pid}) is still running");
        }
    }

    [Fact]
    public async Task A_loser_cleaning_up_on_sigterm_finishes_before_the_cli_exits()
    {
        // The loser cleans up for a second on SIGTERM, well within the kill's grace (set to 5 s here),
        // so its kill is still under way when the run ends. The CLI waits for it rather than exiting at
        // once, which cut the cleanup short and left the loser to the executor's guardian. The winner
        // ends only once the loser has set its trap (its pid file comes after), however slowly a loaded
        // machine starts it.
        var script = Path.Combine(_dir, "loser.sh");
        await File.WriteAllTextAsync(script, $$"""
            trap 'sleep 1; echo > {{_dir}}/cleaned; exit 1' TERM
            echo $$ > {{_dir}}/loser
            sleep 30 & wait
            """);
        var pipeline = Path.Combine(_dir, "race.yaml");
        await File.WriteAllTextAsync(pipeline, $$"""
            id: race
            steps:
              - parallel:
                  wait: any
                  steps:
                    - { id: winner, run: 'until [ -s {{_dir}}/loser ]; do sleep 0.05; done' }
                    - { id: loser, run: 'bash {{script}}' }
            """);

        using var run = CliProcess.Start(new Dictionary<string, string?> { ["PLATFORM_Executor__KillGracePeriod"] = "00:00:05" },
            "run", pipeline, "--json", "--store", "memory");
        var stdout = await run.StandardOutput.ReadToEndAsync();
        await run.ExitWithin();

        Assert.True(run.ExitCode == 0, await run.StandardError.ReadToEndAsync());
        Assert.Equal("cancelled", Statuses(JsonDocument.Parse(stdout).RootElement)["loser"]);
        Assert.True(File.Exists(Path.Combine(_dir, "cleaned")), "the loser's cleanup on SIGTERM was cut short when the CLI exited");
        var pid = int.Parse(File.ReadAllText(Path.Combine(_dir, "loser")).Trim(), CultureInfo.InvariantCulture);
        Assert.False(TestProcesses.Alive(pid), $"the loser (pid {pid}) outlived the CLI");
    }

    private static Dictionary<string, string?> Statuses(JsonElement report) =>
        report.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("status").GetString());

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
