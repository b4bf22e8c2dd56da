using MassTransit;
using Platform.Contracts;

namespace Platform.Cli.Running;

/// <summary>
/// Over a broker, the CLI's queue of run events is temporary: while the broker restarts it is gone,
/// and the run's end may be published then. So after every reconnect (and, in case a reconnect went
/// unseen, every <see cref="Interval"/>), the CLI asks a Coordinator how the run stands and takes the
/// RunFinished it may have missed: a client following a run always ends.
/// </summary>
internal static class MissedOutcomeCheck
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    /// <param name="askAtOnce">Ask before the first wait too: a client attaching to a run that may have ended already.</param>
    public static async Task RunAsync(IBus bus, EndpointReconnects reconnects, RunWatch watch, CancellationToken cancellationToken, bool askAtOnce = false)
    {
        var client = bus.CreateRequestClient<GetRunOutcome>(RequestTimeout.After(s: (int)AnswerTimeout.TotalSeconds));
        try
        {
            while (!watch.Finished.IsCompleted && !watch.Rejected.IsCompleted)
            {
                if (!askAtOnce)
                {
                    await reconnects.WaitAsync(Interval, cancellationToken).ConfigureAwait(false);
                }

                askAtOnce = false;
                try
                {
                    var answer = await client.GetResponse<RunOutcome>(new GetRunOutcome(watch.RunId), cancellationToken).ConfigureAwait(false);
                    if (answer.Message.Finished is { } finished)
                    {
                        watch.OnAnswered();
                        watch.OnFinished(finished);
                    }
                    else if (answer.Message.Status != "unknown")
                    {
                        watch.OnAnswered();
                    }
                }
                catch (RequestTimeoutException)
                {
                    // No Coordinator answered (or the broker is still away): ask again later.
                }
                catch (MassTransitException)
                {
                    // The request could not be sent: ask again later.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended; the CLI is stopping.
        }
    }
}
