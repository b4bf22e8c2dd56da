using Platform.Tests.Shared;
using System.Diagnostics;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>Fault injection on the embedded default: kill -9 the whole process mid-run, then resume.</summary>
public sealed class CrashAndResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-crash-").FullName;

    private string Store => Path.Combine(_dir, "runs.db");

    [Fact]
    public async Task A_run_killed_mid_parallel_group_resumes_without_rerunning_finished_steps()
    {
        var count = Path.Combine(_dir, "count");
        var pipeline = Path.Combine(_dir, "crash.yaml");
        await File.WriteAllTextAsync(pipeline, $$"""
            id: crashy
            steps:
              - { id: first, run: 'echo x >> {{count}}-first' }
              - parallel:
                  - { id: quick, run: 'echo x >> {{count}}-quick' }
                  - { id: slow-a, run: 'echo $$ >> {{count}}-slow-a; setsid sleep 60 & echo $! >> {{count}}-escaped; sleep 6' }
                  - { id: slow-b, run: 'echo $$ >> {{count}}-slow-b; sleep 6' }
              - { id: last, run: 'echo x >> {{count}}-last' }
            """);

        using (var run = Cli("run", pipeline, "--run-id", "crash-1", "--store", Store))
        {
            // Kill once the store has "quick" finished and both slow steps running: what a user sees in `show`.
            await TestProcesses.WaitFor(() => File.Exists($"{count}-slow-a") && File.Exists($"{count}-slow-b") && File.Exists($"{count}-escaped"));
            await WaitForAsync(async () =>
            {
                var statuses = await StatusesAsync("crash-1");
                return statuses.GetValueOrDefault("quick") == "succeeded" && statuses.GetValueOrDefault("slow-a") == "running" && statuses.GetValueOrDefault("slow-b") == "running";
            });
            run.Kill(entireProcessTree: false); // SIGKILL: no cleanup, no cancel
            await run.ExitWithin();
        }

        // The interrupted steps' processes die with their executor (within about a second), even one that left the step's process group.
        foreach (var pid in new[] { "slow-a", "slow-b", "escaped" }.Select(s => int.Parse(File.ReadAllLines($"{count}-{s}")[0], System.Globalization.CultureInfo.InvariantCulture)))
        {
            await TestProcesses.WaitFor(() => !TestProcesses.Alive(pid), TimeSpan.FromSeconds(5));
        }

        using var resume = Cli("resume", "crash-1", "--store", Store, "--json");
        var stdout = await resume.StandardOutput.ReadToEndAsync();
        await resume.ExitWithin();

        Assert.True(resume.ExitCode == 0, await resume.StandardError.ReadToEndAsync());
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        var attempts = report.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "step").ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("attempts").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["first"] = 1, ["quick"] = 1, ["slow-a"] = 2, ["slow-b"] = 2, ["last"] = 1 }, attempts);
        // Side effects: finished steps ran once; interrupted ones once more, as their new attempt.
        Assert.Equal([1, 1, 2, 2, 1], new[] { "first", "quick", "slow-a", "slow-b", "last" }.Select(s => File.ReadAllLines($"{count}-{s}").Length));

        using var runs = Cli("runs", "--store", Store);
        var history = await runs.StandardOutput.ReadToEndAsync();
        Assert.Contains("crash-1", history, StringComparison.Ordinal);
        Assert.Contains("succeeded", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_lists_a_stored_runs_steps_and_an_unknown_run_is_an_error()
    {
        var pipeline = Path.Combine(_dir, "ok.yaml");
        await File.WriteAllTextAsync(pipeline, "id: ok\nsteps:\n  - { id: a, run: 'echo version=7 >> \"$PLATFORM_OUTPUT\"' }\n");
        using (var run = Cli("run", pipeline, "--run-id", "shown", "--store", Store))
        {
            await run.ExitWithin();
            Assert.Equal(0, run.ExitCode);
        }

        using var show = Cli("show", "shown", "--store", Store, "--json");
        var report = JsonDocument.Parse(await show.StandardOutput.ReadToEndAsync()).RootElement;
        Assert.Equal("7", report.GetProperty("steps")[0].GetProperty("outputs").GetProperty("version").GetString());

        using var missing = Cli("show", "never-ran", "--store", Store);
        await missing.ExitWithin();
        Assert.Equal(2, missing.ExitCode);
    }

    private async Task<Dictionary<string, string>> StatusesAsync(string run)
    {
        using var show = Cli("show", run, "--store", Store, "--json");
        var text = await show.StandardOutput.ReadToEndAsync();
        await show.ExitWithin();
        return show.ExitCode != 0 ? [] : JsonDocument.Parse(text).RootElement.GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("status").GetString()!);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(25);
        }
    }

    private static Process Cli(params string[] args) => CliProcess.Start(args);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
