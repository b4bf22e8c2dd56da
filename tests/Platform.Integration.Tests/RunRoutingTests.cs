using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.ServiceDefaults;
using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>
/// Over RabbitMQ a client following one run (the CLI's queue) receives that run's events only, while a
/// service's queue, bound as MassTransit binds it by default, still receives every run's; an event without
/// a routing key (published by a service older than the routing) still reaches the follower.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RunRoutingTests(SystemFixture system)
{
    [Fact]
    public async Task A_follower_of_one_run_receives_only_that_runs_events_and_a_service_receives_every_runs()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        using var vhost = new OwnVirtualHost("platform-routing");
        Assert.SkipUnless(vhost.TryCreate(system), "rabbitmqctl could not make a virtual host");

        var mine = Guid.NewGuid();
        var other = Guid.NewGuid();
        var followed = new ConcurrentQueue<(Guid Run, string Type)>(); // a log's text, or "finished"
        var service = new ConcurrentQueue<Guid>();
        await using var provider = new ServiceCollection().AddPlatformMassTransit(bus => bus.UsingRabbitMq((_, rabbit) =>
        {
            rabbit.Host(RabbitMqSettings.Parse(vhost.Url));
            rabbit.ReceiveEndpoint($"follower-{mine:N}", e =>
            {
                e.Durable = false;
                e.AutoDelete = true;
                e.ConfigureConsumeTopology = false;
                e.FollowRun<StepLogs>(rabbit, mine);
                e.FollowRun<RunFinished>(rabbit, mine);
                e.Handler<StepLogs>(c => Record(followed, (c.Message.RunId, c.Message.Text)));
                e.Handler<RunFinished>(c => Record(followed, (c.Message.RunId, "finished")));
            });
            rabbit.ReceiveEndpoint("a-service", e => e.Handler<StepLogs>(c => Record(service, c.Message.RunId)));
        })).BuildServiceProvider();
        // A service from before the routing: its events carry no routing key.
        await using var olderProvider = new ServiceCollection().AddPlatformMassTransit(bus => bus.UsingRabbitMq((_, rabbit) =>
        {
            rabbit.Host(RabbitMqSettings.Parse(vhost.Url));
            rabbit.Send<StepLogs>(s => s.UseRoutingKeyFormatter(_ => ""));
        })).BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        var older = olderProvider.GetRequiredService<IBusControl>();
        await bus.StartAsync(TestContext.Current.CancellationToken);
        await older.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The other run's first: once the service has it, the broker has routed it everywhere it goes.
            await bus.Publish(new StepLogs(other, "a", 1, 0, DateTimeOffset.UtcNow, "not the follower's"), TestContext.Current.CancellationToken);
            await bus.Publish(Finished(other), TestContext.Current.CancellationToken);
            await TestProcesses.WaitFor(() => service.Contains(other), TimeSpan.FromSeconds(30));

            await bus.Publish(new StepLogs(mine, "a", 1, 0, DateTimeOffset.UtcNow, "the follower's"), TestContext.Current.CancellationToken);
            await bus.Publish(Finished(mine), TestContext.Current.CancellationToken);
            await older.Publish(new StepLogs(mine, "a", 1, 1, DateTimeOffset.UtcNow, "without a key"), TestContext.Current.CancellationToken);
            await TestProcesses.WaitFor(() => followed.Count(f => f.Run == mine) == 3 && service.Count(r => r == mine) == 2, TimeSpan.FromSeconds(30));

            // Its run's three, and nothing of the other run's (which came first, had it been routed there).
            Assert.Equal(["finished", "the follower's", "without a key"], followed.Select(f => f.Type).Order(StringComparer.Ordinal));
            Assert.All(followed, f => Assert.Equal(mine, f.Run));
            Assert.Equal([other, mine, mine], service);
        }
        finally
        {
            await older.StopAsync(CancellationToken.None);
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static RunFinished Finished(Guid runId) =>
        new(runId, "routed", "succeeded", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, [], []);

    private static Task Record<T>(ConcurrentQueue<T> into, T what)
    {
        into.Enqueue(what);
        return Task.CompletedTask;
    }
}
