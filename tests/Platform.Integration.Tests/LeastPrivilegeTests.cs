using System.Text.Json;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Integration.Tests;

/// <summary>
/// The shipped RabbitMQ definitions (deploy/rabbitmq) on a real broker: every service runs a pipeline
/// with only its own user's permissions, and a client's user cannot command an Executor.
/// </summary>
public sealed class LeastPrivilegeTests : IAsyncLifetime
{
    private readonly string _vhost = $"platform-lp-{Guid.NewGuid():N}";
    private readonly List<ServiceProcess> _services = [];
    private string? _skip;

    public ValueTask InitializeAsync()
    {
        var definitions = JsonNode.Parse(File.ReadAllText(Path.Combine(ServiceProcess.RepoRoot, "deploy", "rabbitmq", "definitions.json")))!;
        definitions["vhosts"] = new JsonArray(new JsonObject { ["name"] = _vhost });
        foreach (var item in definitions["permissions"]!.AsArray().Concat(definitions["policies"]!.AsArray()))
            item!["vhost"] = _vhost;
        var file = Path.Combine(Path.GetTempPath(), _vhost + ".json");
        File.WriteAllText(file, definitions.ToJsonString());
        if (Broker.Rabbitmqctl("import_definitions", file) != 0)
            _skip = "no local RabbitMQ node to load the definitions into (rabbitmqctl import_definitions failed)";
        File.Delete(file);
        return ValueTask.CompletedTask;
    }

    private string Url(string role) => $"amqp://{role}:{role}-dev-password@localhost:5672/{_vhost}";

    [Fact]
    public async Task Each_service_works_with_its_own_user_and_a_client_cannot_publish_an_ExecuteStep()
    {
        Assert.SkipWhen(_skip is not null, _skip ?? "");
        var key = Guid.NewGuid().ToString("N");
        foreach (var (role, project) in new[] { ("coordinator", "Coordinator"), ("executor", "Executor"), ("notifier", "Notifier") })
        {
            _services.Add(ServiceProcess.Start(role, ServiceProcess.Dll($"services/{project}", $"Platform.{project}"), [],
                new Dictionary<string, string> { ["RABBITMQ_URL"] = Url(role), ["PLATFORM_SIGNING_KEY"] = key, ["DOTNET_ENVIRONMENT"] = "Development" },
                readyMarker: "Bus started"));
        }

        foreach (var service in _services)
            await service.WaitReadyAsync(TimeSpan.FromSeconds(90));

        var pipeline = Path.Combine(Path.GetTempPath(), _vhost + ".yaml");
        await File.WriteAllTextAsync(pipeline,
            "id: least-privilege\nsteps:\n  - { id: a, run: 'echo ok' }\n  - { id: gate, approval: { message: ok? } }\n  - { id: b, sleep: 10ms }\n");
        var name = $"lp-{Guid.NewGuid():N}";
        await using (var cli = ServiceProcess.Start("cli", ServiceProcess.Dll("cli/Platform.Cli", "platform"),
            ["run", pipeline, "--broker", Url("client"), "--json", "--run-id", name], new Dictionary<string, string>(), readyMarker: null))
        {
            // A second client decides the gate: ApproveStep out, ApprovalAnswered back, on the client user's rights.
            await Platform.Tests.Shared.TestProcesses.WaitFor(() => cli.Output.Contains("waiting for approval", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            await using (var approve = ServiceProcess.Start("approve", ServiceProcess.Dll("cli/Platform.Cli", "platform"),
                ["approve", name, "gate", "--broker", Url("client")], new Dictionary<string, string>(), readyMarker: null))
            {
                Assert.True(await approve.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, approve.Output);
            }

            Assert.True(await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, cli.Output);
            Assert.Equal("succeeded", JsonDocument.Parse(cli.Stdout).RootElement.GetProperty("status").GetString());
        }

        File.Delete(pipeline);
        var factory = new ConnectionFactory { Uri = new Uri(Url("client")) };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var (exchange, routingKey) in new[] { ("Platform.Contracts:ExecuteStep", ""), ("", "execute-step"), ("execute-step", "") })
        {
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
                await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, new BasicProperties(), "{}"u8.ToArray()));
            Assert.Contains("ACCESS_REFUSED", refused.ToString(), StringComparison.Ordinal);
        }

        // A command the Coordinator's user can publish but did not sign: refused by the Executor (on its own
        // user's permissions) into execute-step_error, which the shipped retention policy bounds.
        await using (var coordinator = await new ConnectionFactory { Uri = new Uri(Url("coordinator")) }.CreateConnectionAsync())
        await using (var channel = await coordinator.CreateChannelAsync())
        {
            var envelope = JsonSerializer.Serialize(new
            {
                messageId = Guid.NewGuid(),
                messageType = new[] { "urn:message:Platform.Contracts:ExecuteStep" },
                message = new { runId = Guid.NewGuid(), stepId = "unsigned", attempt = 1, run = new[] { "true" }, env = new Dictionary<string, string>() },
            });
            await channel.BasicPublishAsync("Platform.Contracts:ExecuteStep", "", mandatory: false,
                new BasicProperties { ContentType = "application/vnd.masstransit+json" }, System.Text.Encoding.UTF8.GetBytes(envelope));
        }

        await Platform.Tests.Shared.TestProcesses.WaitFor(() => Platform.Tests.Shared.LocalRabbitMq.Output("list_queues", "-p", _vhost, "name", "policy", "messages")
            .Split('\n').Any(line => line.StartsWith("execute-step_error\terror-and-skipped-retention\t1", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
            await service.DisposeAsync();
        if (_skip is null)
        {
            Broker.Rabbitmqctl("delete_vhost", _vhost);
            // The users are the node's, not the vhost's: none is left behind with its development password.
            foreach (var role in new[] { "coordinator", "executor", "notifier", "client" })
                Broker.Rabbitmqctl("delete_user", role);
        }
    }
}
