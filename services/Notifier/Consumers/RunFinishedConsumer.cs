using MassTransit;
using Platform.Contracts;
using Platform.Notifier.Delivery;

namespace Platform.Notifier.Consumers;

/// <summary>Hands each finished run to the dispatcher; delivery failures never fault the message.</summary>
public sealed class RunFinishedConsumer(NotificationDispatcher dispatcher) : IConsumer<RunFinished>
{
    public Task Consume(ConsumeContext<RunFinished> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return dispatcher.DispatchAsync(context.Message, context.CancellationToken);
    }
}
