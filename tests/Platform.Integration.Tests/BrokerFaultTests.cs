using System.Text.RegularExpressions;
using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>
/// The broker goes away under running steps, or a client's connection does: runs go on, nothing runs
/// twice, the executors come back, and whoever follows a run sees its end. Needs a local node that
/// rabbitmqctl controls (RABBITMQ_NODENAME; fault trials belong on a node of their own).
/// </summary>
[Collection(SystemCollection.Name)]
public partial class BrokerFaultTests(SystemFixture system)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task A_broker_restart_neither_kills_nor_reruns_running_steps_and_the_executors_come_back()
    {
        SkipUnlessLocalBroker();
        var marker = Directory.CreateTempSubdirectory("platform-it-broker-").FullName;
        var steps = string.Concat(Enumerable.Range(0, 6).Select(i => $"        - {{ id: w{i}, run: 'echo x >> {marker}/w{i}; sleep 4' }}\n"));
        var yaml = $"id: broker-restart\nsteps:\n  - parallel:\n      steps:\n{steps}  - {{ id: after, run: 'echo x >> {marker}/after' }}\n";

        var run = await system.RunAsync(yaml, Generous, async _ =>
        {
            await TestProcesses.WaitFor(() => Enumerable.Range(0, 6).All(i => File.Exists($"{marker}/w{i}")), TimeSpan.FromSeconds(60));
            Assert.Equal(0, Broker.Rabbitmqctl("stop_app"));
            await Task.Delay(TimeSpan.FromSeconds(3)); // the outage itself
            Assert.Equal(0, Broker.Rabbitmqctl("start_app"));
        });

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("succeeded", run.RunStatus);
        // Each step ran once, as attempt 1: the restart killed nothing and ran nothing again.
        Assert.All(Enumerable.Range(0, 6).Select(i => $"w{i}").Append("after"), id =>
        {
            Assert.Single(File.ReadAllLines($"{marker}/{id}"));
            Assert.Equal(1, run.Step(id).GetProperty("attempts").GetInt32());
        });

        // The wedge: consumers that never came back. A run submitted now must be taken by the executors.
        var next = await system.RunAsync($"id: after-restart\nsteps:\n  - {{ id: a, run: 'echo x >> {marker}/next' }}\n", TimeSpan.FromSeconds(60));
        Assert.True(next.ExitCode == 0, next.Output);
        Directory.Delete(marker, recursive: true);
    }

    [Fact]
    public async Task A_client_whose_queue_was_gone_when_its_run_ended_still_ends_with_the_outcome()
    {
        SkipUnlessLocalBroker();
        var marker = Directory.CreateTempSubdirectory("platform-it-missed-").FullName;
        var user = $"cli-{Guid.NewGuid():N}"[..16];
        Assert.Equal(0, Broker.Rabbitmqctl("add_user", user, "secret"));
        Allow(user);
        var cliUrl = new UriBuilder(system.BrokerUrl) { UserName = user, Password = "secret" }.Uri.ToString();
        var yaml = $"id: missed-end\nsteps:\n  - {{ id: a, run: 'touch {marker}/started; while [ ! -e {marker}/go ]; do sleep 0.1; done' }}\n";

        var run = await system.RunAsync(yaml, Generous, async cli =>
        {
            await TestProcesses.WaitFor(() => File.Exists($"{marker}/started"), TimeSpan.FromSeconds(60));
            await TestProcesses.WaitFor(() => RunIdLine().IsMatch(cli.Output), TimeSpan.FromSeconds(60));
            var runId = RunIdLine().Match(cli.Output).Groups[1].Value;

            // Cut the client off: its temporary queue goes with its connection, and it cannot come back yet.
            Assert.Equal(0, Broker.Rabbitmqctl("clear_permissions", "-p", system.VirtualHost, user));
            foreach (var connection in ConnectionsOf(user))
            {
                Broker.Rabbitmqctl("close_connection", connection, "cut off by the test");
            }

            // The run ends while nobody listens for it on the client's behalf.
            await File.WriteAllTextAsync($"{marker}/go", "");
            var ended = Task.Run(() => TestProcesses.WaitFor(() => system.Coordinator.Output.Contains($"Run {runId} succeeded", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60)));
            await Task.WhenAny(ended);
            Assert.True(ended.IsCompletedSuccessfully, $"run {runId} did not end; the Coordinator said:\n{system.Coordinator.Output[^Math.Min(6000, system.Coordinator.Output.Length)..]}\nthe CLI said:\n{cli.Output}");
            Allow(user);
        }, cliUrl);

        Broker.Rabbitmqctl("delete_user", user);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("succeeded", run.RunStatus);
        Directory.Delete(marker, recursive: true);
    }

    private void Allow(string user) => Assert.Equal(0, Broker.Rabbitmqctl("set_permissions", "-p", system.VirtualHost, user, ".*", ".*", ".*"));

    private static IEnumerable<string> ConnectionsOf(string user) =>
        Broker.RabbitmqctlOutput("list_connections", "pid", "user").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && fields[1].Trim() == user)
            .Select(fields => fields[0].Trim())
            .ToList();

    private void SkipUnlessLocalBroker()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        Assert.SkipUnless(
            Environment.GetEnvironmentVariable("RABBITMQ_URL") is { } url && url.Contains("localhost", StringComparison.Ordinal) && Broker.Rabbitmqctl("status") == 0,
            "needs a local rabbitmq-server controlled with rabbitmqctl (not a container)");
    }

    [GeneratedRegex(@"run ([0-9a-f-]{36}) of")]
    private static partial Regex RunIdLine();
}
