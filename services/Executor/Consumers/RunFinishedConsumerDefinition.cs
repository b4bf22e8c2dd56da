using MassTransit;
using Microsoft.Extensions.Options;

namespace Platform.Executor.Consumers;

/// <summary>
/// A temporary endpoint of this process alone, <c>run-finished-{InstanceId}</c>: every Executor hears
/// every RunFinished (each removes its own workspace of the run), as with CancelStep.
/// </summary>
public sealed class RunFinishedConsumerDefinition : ConsumerDefinition<RunFinishedConsumer>
{
    public RunFinishedConsumerDefinition(IOptions<ExecutorOptions> options)
    {
        var name = $"run-finished-{options.Value.InstanceId}";
        Endpoint(endpoint =>
        {
            endpoint.Name = name;
            endpoint.Temporary = true;
        });
    }
}
