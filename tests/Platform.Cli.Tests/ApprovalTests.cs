using System.Text.Json;
using Platform.Pipelines.Engine;
using Platform.Storage;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>
/// Embedded approval gates: a <c>./platform run</c> waits at a gate, and a second <c>./platform approve</c>
/// process on the same store decides it through the run's command inbox.
/// </summary>
public sealed class ApprovalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-approve-").FullName;

    private string Store => Path.Combine(_dir, "runs.db");

    private async Task<string> PipelineAsync()
    {
        var pipeline = Path.Combine(_dir, "gated.yaml");
        await File.WriteAllTextAsync(pipeline, $$"""
            id: gated
            steps:
              - parallel:
                  - { id: gate, approval: { message: Ship it?, timeout: 10m } }
                  - { id: notes, run: 'echo x >> {{_dir}}/notes' }
              - { id: deploy, run: 'echo x >> {{_dir}}/deploy' }
            """);
        return pipeline;
    }

    private async Task WaitingAsync(string run)
    {
        await TestProcesses.WaitFor(() =>
        {
            var stored = StoredRunState.LoadAsync(RunStores.Open(Store), run, Store, TextWriter.Null).GetAwaiter().GetResult();
            return stored?.State.StatusOf("gate") == StepStatus.Waiting && stored.State.StatusOf("notes") == StepStatus.Succeeded;
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_waiting_run_is_approved_by_a_second_process_and_succeeds()
    {
        using var run = CliProcess.Start("run", await PipelineAsync(), "--run-id", "gate-ok", "--store", Store, "--json");
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await WaitingAsync("gate-ok");

        var approve = await CliResult.RunAsync("approve", "gate-ok", "gate", "--store", Store, "--by", "alice", "--comment", "go");
        await run.ExitWithin();

        Assert.True(approve.ExitCode == 0, approve.Stderr);
        Assert.Contains("gate approved by alice", approve.Stdout, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, await stderr);
        Assert.Contains("waiting for approval: ./platform approve gate-ok gate", await stderr, StringComparison.Ordinal);
        var gate = JsonDocument.Parse(await stdout).RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "gate");
        Assert.Equal("succeeded", gate.GetProperty("status").GetString());
        Assert.Equal("alice", gate.GetProperty("approval").GetProperty("by").GetString());
        Assert.Single(File.ReadAllLines(Path.Combine(_dir, "deploy")));

        var late = await CliResult.RunAsync("approve", "gate-ok", "gate", "--store", Store, "--reject");
        Assert.Equal(1, late.ExitCode);
        Assert.Contains("is already succeeded", late.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_gate_fails_the_run_with_the_comment_and_skips_what_follows()
    {
        using var run = CliProcess.Start("run", await PipelineAsync(), "--run-id", "gate-no", "--store", Store, "--json");
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await WaitingAsync("gate-no");

        var reject = await CliResult.RunAsync("approve", "gate-no", "gate", "--store", Store, "--reject", "--by", "bob", "--comment", "not on a Friday");
        await run.ExitWithin();

        Assert.True(reject.ExitCode == 0, reject.Stderr);
        Assert.True(run.ExitCode == 1, await stderr);
        var steps = JsonDocument.Parse(await stdout).RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal("failed", steps["gate"].GetProperty("status").GetString());
        Assert.Contains("not on a Friday", steps["gate"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("skipped", steps["deploy"].GetProperty("status").GetString());
        Assert.False(File.Exists(Path.Combine(_dir, "deploy")));
    }

    [Fact]
    public async Task A_gate_keeps_waiting_when_its_process_is_killed_and_is_approved_on_the_resumed_run()
    {
        using (var run = CliProcess.Start("run", await PipelineAsync(), "--run-id", "gate-kill", "--store", Store))
        {
            await WaitingAsync("gate-kill");
            run.Kill(entireProcessTree: false); // SIGKILL: the run's owner is gone mid-wait
            await run.ExitWithin();
        }

        var orphaned = await CliResult.RunAsync("approve", "gate-kill", "gate", "--store", Store);
        Assert.Equal(1, orphaned.ExitCode);
        Assert.Contains("resume", orphaned.Stderr, StringComparison.Ordinal);

        using var resumed = CliProcess.Start("resume", "gate-kill", "--store", Store, "--json");
        var stdout = resumed.StandardOutput.ReadToEndAsync();
        var stderr = resumed.StandardError.ReadToEndAsync();
        await TestProcesses.WaitFor(() => stderr.IsCompleted || RunLive("gate-kill"), TimeSpan.FromSeconds(60));
        var approve = await CliResult.RunAsync("approve", "gate-kill", "gate", "--store", Store, "--by", "carol");
        await resumed.ExitWithin();

        Assert.True(approve.ExitCode == 0, approve.Stderr);
        Assert.True(resumed.ExitCode == 0, await stderr);
        var steps = JsonDocument.Parse(await stdout).RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal("carol", steps["gate"].GetProperty("approval").GetProperty("by").GetString());
        Assert.Equal(1, steps["gate"].GetProperty("attempts").GetInt32());
        Assert.Single(File.ReadAllLines(Path.Combine(_dir, "notes"))); // done before the kill: not run again
        Assert.Single(File.ReadAllLines(Path.Combine(_dir, "deploy")));
    }

    /// <summary>The resumed process holds the run again (its claim is live).</summary>
    private bool RunLive(string run)
    {
        var runs = RunStores.Open(Store);
        var stored = StoredRunState.LoadAsync(runs, run, Store, TextWriter.Null).GetAwaiter().GetResult();
        return stored is not null && Operating.RunLiveness.OfAsync(runs, stored.Run).GetAwaiter().GetResult().State == Operating.RunState.Live;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
