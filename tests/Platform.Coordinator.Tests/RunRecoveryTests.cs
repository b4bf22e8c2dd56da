using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Coordinator.Ownership;
using Platform.Coordinator.Running;
using Platform.Storage.InMemory;

namespace Platform.Coordinator.Tests;

/// <summary>The recovery service never holds its host's stop back.</summary>
public class RunRecoveryTests
{
    [Fact]
    public async Task A_host_stopping_before_its_bus_is_healthy_stops_at_once()
    {
        // A bus never started is never healthy: as the embedded CLI's is when a one-step run ends before it reports so.
        var bus = Bus.Factory.CreateUsingInMemory(_ => { });
        var store = new InMemoryRunStore();
        var options = Options.Create(new CoordinatorOptions());
        var recovery = new RunRecovery(bus, store, new RunOwnership(store, options, TimeProvider.System, NullLogger<RunOwnership>.Instance),
            options, NullLogger<RunRecovery>.Instance);

        await recovery.StartAsync(CancellationToken.None); // returns once it waits for the bus
        var stopping = recovery.StopAsync(CancellationToken.None); // as a host does, with its shutdown timeout (30 s) not yet passed

        // Before the fix it waited for MassTransit's five-minute health wait.
        var stopped = await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(10))) == stopping;
        Assert.True(stopped, "RunRecovery.StopAsync was still waiting for the bus 10 s after the host began to stop");
        await stopping;
    }
}
