using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Executor.Cancellation;
using Platform.Executor.Signing;

namespace Platform.Executor.Consumers;

/// <summary>
/// Every executor receives every CancelStep (each has its own endpoint). The one running the attempt
/// kills it and its ExecuteStepConsumer reports StepCancelled; all of them remember the attempt, so
/// whichever later takes a queued ExecuteStep for it reports StepCancelled without running it.
/// </summary>
public sealed class CancelStepConsumer(AttemptCancellationRegistry registry, CommandGuard guard, ILogger<CancelStepConsumer> logger) : IConsumer<CancelStep>
{
    public async Task Consume(ConsumeContext<CancelStep> context)
    {
        // Each Executor's cancel queue is its own and temporary: refused cancels share one error queue.
        if (!await guard.AcceptsAsync(context, ExecutorEndpointNames.CancelStepPrefix + "_error"))
        {
            return;
        }

        var message = context.Message;
        var runningHere = registry.Cancel(AttemptKey.Of(message), message.Reason);
        if (runningHere)
        {
            logger.LogInformation("Cancelling attempt {Attempt} of step {StepId} of run {RunId}: {Reason}",
                message.Attempt, message.StepId, message.RunId, message.Reason);
        }

    }
}
