using MassTransit;
using Platform.Contracts;
using Platform.Storage;

namespace Platform.Cli.Operating;

/// <summary>
/// Over <c>--broker</c>, the run a user names — its id, its <c>--run-id</c> name or a unique start of its id, as
/// embedded — found in a Coordinator's store (<see cref="GetRunOutcome.Lookup"/>), saying on stderr why when
/// there is none.
/// </summary>
internal static class BrokerRunTarget
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    /// <returns>
    /// How the run stands (its <see cref="RunOutcome.RunId"/> the run's id); or null after one line on stderr, with
    /// the exit code: <see cref="ExitCodes.Invalid"/> when no run or several have that name, <see cref="ExitCodes.Unavailable"/>
    /// when no Coordinator answered.
    /// </returns>
    public static async Task<(RunOutcome? Outcome, int ExitCode)> FindAsync(IBus bus, string text, TextWriter stderr)
    {
        RunOutcome answer;
        try
        {
            answer = (await bus.CreateRequestClient<GetRunOutcome>(RequestTimeout.After(s: (int)AnswerTimeout.TotalSeconds))
                .GetResponse<RunOutcome>(new GetRunOutcome(RunIds.From(text), text)).ConfigureAwait(false)).Message;
        }
        catch (RequestTimeoutException)
        {
            stderr.WriteLine($"error: no Coordinator answered within {AnswerTimeout.TotalSeconds:0}s: is one running?");
            return (null, ExitCodes.Unavailable);
        }

        if (answer.Ambiguous is { Count: > 1 } several)
        {
            stderr.WriteLine(RunTarget.NamesSeveral(text, several[0], several[1]));
            return (null, ExitCodes.Invalid);
        }

        if (answer.Status == "unknown")
        {
            stderr.WriteLine($"error: no run '{text}' known to the Coordinators");
            return (null, ExitCodes.Invalid);
        }

        return (answer, ExitCodes.Succeeded);
    }
}
