using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>Approval gates over RabbitMQ: a second <c>./platform approve --broker</c> process decides a waiting run.</summary>
[Collection(SystemCollection.Name)]
public class ApprovalOverBusTests(SystemFixture system)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(150);

    private async Task<(int ExitCode, string Output)> ApproveAsync(params string[] args)
    {
        await using var cli = ServiceProcess.Start("approve", ServiceProcess.Dll("cli/Platform.Cli", "platform"),
            ["approve", .. args, "--broker", system.BrokerUrl], new Dictionary<string, string>(), readyMarker: null);
        var code = await cli.WaitForExitAsync(TimeSpan.FromSeconds(90));
        return (code, cli.Output);
    }

    [Fact]
    public async Task A_gate_waits_through_a_Coordinator_restart_while_its_sibling_runs_and_a_second_process_approves_it()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var marker = Directory.CreateTempSubdirectory("platform-it-gate-").FullName;
        var name = $"gate-{Guid.NewGuid():N}";
        var yaml = "id: gated\nsteps:\n  - parallel:\n      steps:\n"
            + "        - { id: gate, approval: { message: Ship it?, timeout: 10m, approvers: [alice] } }\n"
            + $"        - {{ id: notes, run: 'echo x >> {marker}/notes' }}\n"
            + $"  - {{ id: deploy, run: 'echo x >> {marker}/deploy' }}\n";

        var run = await system.RunAsync(yaml, Generous, async cli =>
        {
            await TestProcesses.WaitFor(() => cli.Output.Contains("waiting for approval: ./platform approve", StringComparison.Ordinal)
                && File.Exists($"{marker}/notes"), TimeSpan.FromSeconds(60));
            system.Coordinator.KillHard();
            await system.Coordinator.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await system.StartCoordinator().WaitReadyAsync(TimeSpan.FromSeconds(90));

            var refused = await ApproveAsync(name, "gate", "--by", "mallory");
            Assert.True(refused.ExitCode == 1, refused.Output);
            Assert.Contains("mallory may not decide gate: its approvers are alice", refused.Output, StringComparison.Ordinal);

            var approved = await ApproveAsync(name, "gate", "--by", "alice", "--comment", "ship it");
            Assert.True(approved.ExitCode == 0, approved.Output);
        }, null, "--run-id", name);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("succeeded", run.Status("gate"));
        var approval = run.Step("gate").GetProperty("approval");
        Assert.Equal(("approved", "alice", "ship it"),
            (approval.GetProperty("decision").GetString(), approval.GetProperty("by").GetString(), approval.GetProperty("comment").GetString()));
        Assert.Single(File.ReadAllLines($"{marker}/notes"));
        Assert.Single(File.ReadAllLines($"{marker}/deploy"));
        Directory.Delete(marker, recursive: true);
    }

    [Fact]
    public async Task A_gate_rejected_over_the_bus_fails_the_run_with_the_comment_and_a_late_answer_is_refused()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var name = $"gate-{Guid.NewGuid():N}";
        var yaml = "id: rejected\nsteps:\n  - { id: gate, approval: { message: Ship it? } }\n  - { id: deploy, run: 'true' }\n";

        var run = await system.RunAsync(yaml, Generous, async cli =>
        {
            await TestProcesses.WaitFor(() => cli.Output.Contains("waiting for approval", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            var rejected = await ApproveAsync(name, "gate", "--reject", "--by", "bob", "--comment", "not on a Friday");
            Assert.True(rejected.ExitCode == 0, rejected.Output);
        }, null, "--run-id", name);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("failed", run.Status("gate"));
        Assert.Contains("not on a Friday", run.Step("gate").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("skipped", run.Status("deploy"));

        var late = await ApproveAsync(name, "gate", "--by", "bob");
        Assert.Equal(1, late.ExitCode);
        Assert.Contains("is already failed", late.Output, StringComparison.Ordinal);
    }
}
