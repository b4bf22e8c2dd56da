using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Executor.Cancellation;

namespace Platform.Executor.Consumers;

/// <summary>
/// Every executor receives every CancelStep (each has its own endpoint). The one running the attempt
/// kills it and its ExecuteStepConsumer reports StepCancelled; all of them remember the attempt, so
/// whichever later takes a queued ExecuteStep for it reports StepCancelled without running it.
/// </summary>
public sealed class CancelStepConsumer(AttemptCancellationRegistry registry, ILogger<CancelStepConsumer> logger) : IConsumer<CancelStep>
{
    public Task Consume(ConsumeContext<CancelStep> context)
    {
        var message = context.Message;
        var runningHere = registry.Cancel(AttemptKey.Of(message), message.Reason);
        if (runningHere)
        {
            logger.LogInformation("Cancelling attempt {Attempt} of step {StepId} of run {RunId}: {Reason}",
                message.Attempt, message.StepId, message.RunId, message.Reason);
        }

        return Task.CompletedTask;
    }
}
