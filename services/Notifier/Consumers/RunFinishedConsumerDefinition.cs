using MassTransit;

namespace Platform.Notifier.Consumers;

/// <summary>
/// Endpoint <c>notifier</c>. Deliveries report their own failures, so the retry here only covers
/// the unexpected (e.g. a notification store outage); the log keeps retries from sending twice.
/// </summary>
public sealed class RunFinishedConsumerDefinition : ConsumerDefinition<RunFinishedConsumer>
{
    public const string QueueName = "notifier";

    public RunFinishedConsumerDefinition()
    {
        EndpointName = QueueName;

        // Webhooks are I/O bound; a slow one must not queue the others behind it.
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RunFinishedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.FromMilliseconds(200),
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(5)));
    }
}
