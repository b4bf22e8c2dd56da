using System.Diagnostics;
using System.Text.Json;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>
/// <c>lock:</c> between two <c>./platform run</c> processes on one laptop's default store, started at
/// once as from two terminals: their deploys never overlap (timestamps from their reports) while their
/// builds do; a process killed while it holds the lock keeps it only until its lease runs out.
/// </summary>
public sealed class CrossProcessLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-locks-").FullName;

    // The default store lives under XDG_DATA_HOME: a folder of the test's own stands for the user's.
    private Dictionary<string, string?> Environment(params (string, string)[] more)
    {
        var environment = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = _dir };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    private string Pipeline(string deploy)
    {
        var path = Path.Combine(_dir, "deploy.yaml");
        File.WriteAllText(path, $"id: deploy\nsteps:\n  - {{ id: build, run: 'sleep 4' }}\n  - {{ id: deploy, lock: staging, {deploy} }}\n");
        return path;
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Span(JsonElement report, string step)
    {
        var row = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == step);
        return (row.GetProperty("startedAt").GetDateTimeOffset(), row.GetProperty("finishedAt").GetDateTimeOffset());
    }

    private static async Task<JsonElement> ReportAsync(Process run)
    {
        var stdout = await run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await run.ExitWithin();
        Assert.True(run.ExitCode == 0, await stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact]
    public async Task Two_runs_started_at_once_in_two_processes_never_deploy_at_once_while_their_builds_overlap()
    {
        var pipeline = Pipeline("run: 'sleep 2'");
        using var first = CliProcess.Start(Environment(), "run", pipeline, "--json");
        using var second = CliProcess.Start(Environment(), "run", pipeline, "--json");
        var reports = await Task.WhenAll(ReportAsync(first), ReportAsync(second));

        var (b1, b2) = (Span(reports[0], "build"), Span(reports[1], "build"));
        var (d1, d2) = (Span(reports[0], "deploy"), Span(reports[1], "deploy"));
        Assert.True(b1.Start < b2.End && b2.Start < b1.End, $"the builds did not overlap: {b1} {b2}");
        Assert.True(d1.End <= d2.Start || d2.End <= d1.Start, $"the deploys overlapped: {d1} {d2}");
        Assert.True(File.Exists(Path.Combine(_dir, "platform", "runs.db")), "the runs did not use the default store");
    }

    [Fact]
    public async Task A_process_killed_while_it_holds_the_lock_keeps_it_only_until_its_lease_ends()
    {
        var lease = ("PLATFORM_Locks__Lease", "00:00:06");
        var marker = Path.Combine(_dir, "holding");
        var pipeline = Pipeline($"run: 'touch {marker}; sleep 120'");
        using var holder = CliProcess.Start(Environment(lease), "run", pipeline, "--json");
        await TestProcesses.WaitFor(() => File.Exists(marker), TimeSpan.FromSeconds(60));

        File.WriteAllText(pipeline, "id: deploy\nsteps:\n  - { id: deploy, lock: staging, run: 'true' }\n");
        using var waiter = CliProcess.Start(Environment(lease), "run", pipeline, "--json");
        // `platform locks` shows the holder and the waiter behind it.
        JsonElement staging = default;
        await TestProcesses.WaitFor(() =>
        {
            staging = LocksAsync().GetAwaiter().GetResult().EnumerateArray().SingleOrDefault(l => l.GetProperty("lock").GetString() == "staging");
            return staging.ValueKind == JsonValueKind.Object && staging.GetProperty("queue").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal("deploy", staging.GetProperty("holders").EnumerateArray().Single().GetProperty("step").GetString());
        Assert.Equal(1, staging.GetProperty("queue")[0].GetProperty("position").GetInt32());

        holder.Kill(entireProcessTree: true); // kill -9: no release, no cancel
        var killedAt = DateTimeOffset.UtcNow;

        var report = await ReportAsync(waiter);
        var deploy = Span(report, "deploy");
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        // Not before the dead holder's lease could end, and long before its 120 s step would have.
        Assert.True(deploy.Start > killedAt, $"the waiter deployed at {deploy.Start:O}, before the holder was killed at {killedAt:O}");
        Assert.True(deploy.Start - killedAt < TimeSpan.FromSeconds(60), $"the waiter waited {deploy.Start - killedAt} after the kill");
    }

    private async Task<JsonElement> LocksAsync()
    {
        using var locks = CliProcess.Start(Environment(), "locks", "--json");
        var stdout = await locks.StandardOutput.ReadToEndAsync();
        await locks.ExitWithin();
        Assert.Equal(0, locks.ExitCode);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
