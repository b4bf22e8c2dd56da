using System.CommandLine;
using Platform.Cli.Approvals;
using Platform.Cli.Operating;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform approve RUN STEP [--reject]</c>: decides a waiting approval step. Embedded, the decision
/// goes through the run store to the <c>./platform run</c> process that owns the run; with
/// <c>--broker</c>, as an <see cref="ApproveStep"/> message to the Coordinator. Exit 0 applied, 1 refused
/// (the run ended, the step is not waiting, not an approver), 2 no such run, 3 nobody answered.
/// </summary>
internal static class ApproveCommand
{
    /// <summary>How long to wait for the run's owner to take the decision.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "The run: its id, a unique start of it, or the name given with --run-id." };
        var step = new Argument<string>("STEP") { Description = "The approval step's id (as the progress line shows it)." };
        var reject = new Option<bool>("--reject") { Description = "Reject instead of approve: the step fails with the comment as its reason." };
        var comment = new Option<string?>("--comment") { Description = "Why: kept in the report (and the reason of a rejected step)." };
        var by = new Option<string?>("--by") { Description = "Who decides (default: the current user); checked against the step's approvers." };
        var broker = new Option<string?>("--broker") { Description = "Send the decision to the Coordinator on this RabbitMQ (amqp://user:pass@host:5672/)." };
        var store = new Option<string?>("--store") { Description = "Where the run is kept (as given to run)." };
        var command = new Command("approve", "Approve (or --reject) a waiting approval step of a live run.") { run, step, reject, comment, by, broker, store };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(run)!, parse.GetValue(step)!, parse.GetValue(reject), parse.GetValue(comment),
            parse.GetValue(by), parse.GetValue(broker), parse.GetValue(store), Console.Out, Console.Error));
        return command;
    }

    public static async Task<int> RunAsync(string run, string step, bool reject, string? comment, string? by, string? broker, string? store,
        TextWriter stdout, TextWriter stderr)
    {
        by = string.IsNullOrWhiteSpace(by) ? Environment.UserName : by.Trim();
        var decision = new ApproveStep(RunIds.From(run), step, !reject, by, comment, DateTimeOffset.UtcNow);

        // Where the store is at hand (always embedded; with a broker when --store names the Coordinator's),
        // check first: a decision that cannot count is refused here with the reason.
        if (broker is null || store is not null)
        {
            var runs = RunStores.Open(store);
            if (await StoredRunState.LoadAsync(runs, run, store, stderr).ConfigureAwait(false) is not { } stored)
            {
                return ExitCodes.Invalid;
            }

            decision = decision with { RunId = stored.Run.RunId }; // the name or id prefix given, resolved
            if (ApprovalCheck.Refusal(stored.State, step, by) is { } refusal)
            {
                stderr.WriteLine($"error: {refusal}");
                return ExitCodes.Failed;
            }

            if (broker is null)
            {
                return Report(await StoreApproval.SendAsync(runs, stored, decision, AnswerTimeout).ConfigureAwait(false), decision, stdout, stderr,
                    $"the run's ./platform process did not take the decision within {Durations.Format(AnswerTimeout)}: is it still running? (resume it to continue)");
            }
        }

        if (store is null && !Guid.TryParse(run, out _))
        {
            // A name or the start of an id: the decision goes to the run a Coordinator's store knows by it.
            var (client, exit) = await BrokerClient.ConnectAsync(broker!, stderr).ConfigureAwait(false);
            if (client is null)
            {
                return exit;
            }

            await using (client)
            {
                var (found, notFound) = await BrokerRunTarget.FindAsync(client.Bus, run, stderr).ConfigureAwait(false);
                if (found is null)
                {
                    return notFound;
                }

                decision = decision with { RunId = found.RunId };
            }
        }

        var (settings, exitCode) = await BrokerCheck.ConnectAsync(broker!, stderr).ConfigureAwait(false);
        if (settings is null)
        {
            return exitCode;
        }

        return Report(await BusApproval.SendAsync(settings, decision, AnswerTimeout).ConfigureAwait(false), decision, stdout, stderr,
            $"no Coordinator answered within {Durations.Format(AnswerTimeout)}: is it running?");
    }

    private static int Report(ApprovalAnswered? answer, ApproveStep decision, TextWriter stdout, TextWriter stderr, string silence)
    {
        if (answer is null)
        {
            stderr.WriteLine($"error: {silence}");
            return ExitCodes.Unavailable;
        }

        if (!answer.Applied)
        {
            stderr.WriteLine($"error: {answer.Message}");
            return ExitCodes.Failed;
        }

        stdout.WriteLine($"run {decision.RunId}: {answer.Message}");
        return ExitCodes.Succeeded;
    }
}
