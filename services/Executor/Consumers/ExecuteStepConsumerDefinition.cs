using MassTransit;
using Microsoft.Extensions.Options;

namespace Platform.Executor.Consumers;

/// <summary>
/// One shared queue, <c>execute-step</c>, for every executor (competing consumers). Each executor
/// takes at most Slots messages: the concurrency limit and the prefetch are both the slot count, so
/// an executor never hoards steps it cannot start while another one is idle.
/// </summary>
public sealed class ExecuteStepConsumerDefinition : ConsumerDefinition<ExecuteStepConsumer>
{
    public ExecuteStepConsumerDefinition(IOptions<ExecutorOptions> options)
    {
        var slots = Math.Max(1, options.Value.Slots);
        ConcurrentMessageLimit = slots;
        Endpoint(endpoint =>
        {
            endpoint.Name = ExecutorEndpointNames.ExecuteStep;
            endpoint.ConcurrentMessageLimit = slots;
            endpoint.PrefetchCount = slots;
        });
    }

    // No message retry: a failing step is a StepFailed (the pipeline's own `retry` decides), and
    // retrying the consumer would run a step's commands a second time.
}
