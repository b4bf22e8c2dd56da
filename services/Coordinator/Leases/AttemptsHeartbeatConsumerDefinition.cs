using MassTransit;

namespace Platform.Coordinator.Leases;

/// <summary>
/// A temporary endpoint of this Coordinator alone: every Coordinator replica hears every heartbeat
/// (each one leases the attempts of the runs it drives). Heartbeats are only worth their moment:
/// nothing is kept when the Coordinator goes.
/// </summary>
public sealed class AttemptsHeartbeatConsumerDefinition : ConsumerDefinition<AttemptsHeartbeatConsumer>
{
    public AttemptsHeartbeatConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Name = $"attempt-heartbeats-{Guid.NewGuid():N}";
            endpoint.Temporary = true;
        });
    }
}
