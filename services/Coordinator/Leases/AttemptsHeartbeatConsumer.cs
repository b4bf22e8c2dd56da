using MassTransit;
using Platform.Contracts;

namespace Platform.Coordinator.Leases;

/// <summary>Renews the lease of every attempt an executor vouches for; an abandoned one is lost at once.</summary>
public sealed class AttemptsHeartbeatConsumer(AttemptLeases leases) : IConsumer<AttemptsHeartbeat>
{
    public async Task Consume(ConsumeContext<AttemptsHeartbeat> context)
    {
        leases.HeardHeartbeat();
        foreach (var attempt in context.Message.Running)
        {
            leases.Renew(attempt);
        }

        foreach (var attempt in context.Message.Abandoned)
        {
            await leases.AbandonedAsync(attempt, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
