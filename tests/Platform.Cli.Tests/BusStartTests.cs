using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.InProcess;

namespace Platform.Cli.Tests;

/// <summary>
/// A new embedded run starts before its bus does; what it publishes meanwhile waits and goes out, all of it
/// and in the order it came, once the bus has started; what the saga relays is queued without holding it.
/// </summary>
public sealed class BusStartTests
{
    [Fact]
    public async Task What_is_published_while_the_gate_is_shut_goes_out_in_order_once_it_opens()
    {
        var gate = new BusStart(NullLogger<BusStart>.Instance);
        gate.Hold();
        var heard = new ConcurrentQueue<int>();
        await using var provider = new ServiceCollection()
            .AddSingleton(heard)
            .AddPlatformMassTransit(bus =>
            {
                bus.AddConsumer<GateProbeConsumer>().Endpoint(e => e.ConcurrentMessageLimit = 1);
                bus.UsingInMemory((context, memory) =>
                {
                    memory.ConfigurePublish(p => p.UseFilter(gate));
                    memory.ConfigureSend(p => p.UseFilter(gate));
                    memory.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The saga's relay goes on at once; what it relays goes out first.
            var relayed = gate.SendOrDefer(() => bus.Publish(new GateProbe(0)));
            Assert.True(relayed.IsCompleted);
            // One publisher after the other, as the run publishes: each waits for its own publish.
            var publishing = Task.Run(async () =>
            {
                for (var n = 1; n <= 20; n++)
                {
                    await bus.Publish(new GateProbe(n));
                }
            });
            // And others at the same time, each waiting on its own (as a step's logs and the run's progress do).
            var alongside = Enumerable.Range(101, 10).Select(n => bus.Publish(new GateProbe(n))).ToList();
            await Task.Delay(300, TestContext.Current.CancellationToken);
            Assert.Empty(heard);
            Assert.False(publishing.IsCompleted);

            gate.Open();
            await publishing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            await Task.WhenAll(alongside).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (heard.Count < 31 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            var order = heard.ToList();
            Assert.Equal(31, order.Count);
            Assert.Equal(0, order[0]);
            Assert.Equal(Enumerable.Range(0, 21), order.Where(n => n <= 20));
            Assert.Equal(Enumerable.Range(101, 10).ToHashSet(), order.Where(n => n > 100).ToHashSet());

            // Open, a publish goes straight out, and so does a relay.
            await bus.Publish(new GateProbe(500)).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            var direct = gate.SendOrDefer(() => bus.Publish(new GateProbe(501)));
            await direct.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}

public sealed record GateProbe(int Value);

public sealed class GateProbeConsumer(ConcurrentQueue<int> heard) : IConsumer<GateProbe>
{
    public Task Consume(ConsumeContext<GateProbe> context)
    {
        heard.Enqueue(context.Message.Value);
        return Task.CompletedTask;
    }
}
