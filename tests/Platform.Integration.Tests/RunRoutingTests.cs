using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.ServiceDefaults;
using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>
/// Over RabbitMQ a client following one run (the CLI's queue) receives that run's events only, while a
/// service's queue, bound as MassTransit binds it by default, still receives every run's.
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
        var followed = new ConcurrentQueue<(Guid Run, string Type)>();
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
                e.Handler<StepLogs>(c => Record(followed, (c.Message.RunId, "logs")));
                e.Handler<RunFinished>(c => Record(followed, (c.Message.RunId, "finished")));
            });
            rabbit.ReceiveEndpoint("a-service", e => e.Handler<StepLogs>(c => Record(service, c.Message.RunId)));
        })).BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The other run's first: once the service has it, the broker has routed it everywhere it goes.
            await bus.Publish(new StepLogs(other, "a", 1, 0, DateTimeOffset.UtcNow, "not the follower's"), TestContext.Current.CancellationToken);
            await bus.Publish(Finished(other), TestContext.Current.CancellationToken);
            await TestProcesses.WaitFor(() => service.Contains(other), TimeSpan.FromSeconds(30));

            await bus.Publish(new StepLogs(mine, "a", 1, 0, DateTimeOffset.UtcNow, "the follower's"), TestContext.Current.CancellationToken);
            await bus.Publish(Finished(mine), TestContext.Current.CancellationToken);
            await TestProcesses.WaitFor(() => followed.Count(f => f.Run == mine) == 2 && service.Contains(mine), TimeSpan.FromSeconds(30));

            // Both of its run's, and nothing of the other run's (which came first, had it been routed there).
            Assert.Equal(["finished", "logs"], followed.Select(f => f.Type).Order(StringComparer.Ordinal));
            Assert.All(followed, f => Assert.Equal(mine, f.Run));
            Assert.Equal([other, mine], service);
        }
        finally
        {
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
