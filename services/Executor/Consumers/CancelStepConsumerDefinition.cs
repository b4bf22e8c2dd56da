using MassTransit;
using Microsoft.Extensions.Options;

namespace Platform.Executor.Consumers;

/// <summary>
/// A temporary endpoint of this process alone, <c>cancel-step-{InstanceId}</c>: a published
/// CancelStep reaches every executor. A name shared by instances would be one queue (each cancel
/// reaching only one executor) and a temporary queue shared by instances fails with RESOURCE_LOCKED.
/// Temporary means auto-delete: it disappears with its executor.
/// </summary>
public sealed class CancelStepConsumerDefinition : ConsumerDefinition<CancelStepConsumer>
{
    public CancelStepConsumerDefinition(IOptions<ExecutorOptions> options)
    {
        var name = options.Value.CancelEndpointName;
        Endpoint(endpoint =>
        {
            endpoint.Name = name;
            endpoint.Temporary = true;
        });
    }
}
