using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;

namespace Platform.Coordinator.Submissions;

/// <summary>
/// Answers a SubmitRun that cannot be a run (empty id, no pipeline text, nonsense fields) with
/// RunRejected naming each problem, before it reaches the saga: no faulted instance, and a client
/// waiting for an answer gets one. Every other message passes through.
/// </summary>
public sealed class SubmitRunFilter<T>(ILogger<SubmitRunFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.Message is SubmitRun submit && SubmitRunCheck.Problems(submit) is { Count: > 0 } problems)
        {
            logger.LogWarning("SubmitRun {RunId} rejected: {Problems}", submit.RunId, string.Join("; ", problems));
            await context.Publish(new RunRejected(submit.RunId, problems)).ConfigureAwait(false);
            return;
        }

        await next.Send(context).ConfigureAwait(false);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("submitRunCheck");
}
