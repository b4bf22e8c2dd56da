using Platform.Tests.Shared;
using System.Text;
using RabbitMQ.Client;

namespace Platform.Integration.Tests;

[Collection(SystemCollection.Name)]
public class MalformedMessageTests(SystemFixture system)
{
    [Fact]
    public async Task A_malformed_message_goes_to_the_error_queue_and_the_services_keep_working()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var factory = new ConnectionFactory { Uri = new Uri(system.BrokerUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var before = await ErrorCount(connection);

        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync("", "execute-step", mandatory: false, properties, Encoding.UTF8.GetBytes("{ this is not json"));

        await TestProcesses.WaitFor(() => ErrorCount(connection).GetAwaiter().GetResult() > before, TimeSpan.FromSeconds(30));
        var run = await system.RunAsync("id: still-alive\nsteps:\n  - { id: a, run: 'echo ok' }\n", TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Output);
    }

    private static Task<uint> ErrorCount(IConnection connection) => QueueDepth.OfAsync(connection, "execute-step_error");
}
