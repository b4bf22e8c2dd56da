using Platform.Tests.Shared;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Platform.Integration.Tests;

/// <summary>Anyone who can publish on the broker still cannot make an Executor run a command.</summary>
[Collection(SystemCollection.Name)]
public class ForgedCommandTests(SystemFixture system)
{
    [Fact]
    public async Task A_well_formed_ExecuteStep_without_the_Coordinators_signature_never_runs()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var marker = Path.Combine(Path.GetTempPath(), $"platform-forged-{Guid.NewGuid():N}");
        var factory = new ConnectionFactory { Uri = new Uri(system.BrokerUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var before = await ErrorCount(connection);

        // Exactly what MassTransit would deliver, minus the signature header (and then with a made-up one).
        foreach (var signature in new[] { null, "bm90IHRoZSBrZXk=" })
        {
            var runId = Guid.NewGuid();
            var envelope = JsonSerializer.Serialize(new
            {
                messageId = Guid.NewGuid(),
                messageType = new[] { "urn:message:Platform.Contracts:ExecuteStep" },
                headers = signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Platform-Signature"] = signature },
                message = new { runId, stepId = "evil", attempt = 1, run = new[] { $"touch {marker}" }, env = new Dictionary<string, string>() },
            });
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString() };
            await channel.BasicPublishAsync("", "execute-step", mandatory: false, properties, Encoding.UTF8.GetBytes(envelope));
        }

        await TestProcesses.WaitFor(() => ErrorCount(connection).GetAwaiter().GetResult() >= before + 2, TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(marker), "an Executor ran a forged command");
        // One line each, from whichever Executor took it (the console logger writes asynchronously).
        await TestProcesses.WaitFor(() => system.Executors.Any(e => e.Output.Contains("Refused ExecuteStep without a signature", StringComparison.Ordinal))
            && system.Executors.Any(e => e.Output.Contains("Refused ExecuteStep with a wrong signature", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        // The Coordinator's own commands still run.
        var run = await system.RunAsync("id: signed\nsteps:\n  - { id: a, run: 'echo ok' }\n", TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Output);
    }

    private static Task<uint> ErrorCount(IConnection connection) => QueueDepth.OfAsync(connection, "execute-step_error");
}
