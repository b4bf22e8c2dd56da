using System.CommandLine;
using System.Text.Json;
using MassTransit;
using Platform.Cli.Operating;
using Platform.Cli.Running;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform cancel RUN [--reason TEXT]</c>: cancels a run from any terminal. Its running steps are
/// killed and its <c>finally</c> steps run, as with Ctrl-C in the terminal that started it; this
/// command waits for the run to end (up to <c>--wait</c>) and says how it ended.
/// </summary>
internal static class CancelCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static Command Create()
    {
        var id = new Argument<string>("RUN") { Description = "The run: its id, a unique start of it, or the name given with --run-id." };
        var reason = new Option<string?>("--reason") { Description = "Why: recorded with the run and shown on its cancelled steps." };
        var wait = new Option<string>("--wait") { Description = "How long to wait for the run to end (default 60s; 0 to only ask).", DefaultValueFactory = _ => "60s" };
        var store = new Option<string?>("--store") { Description = "Where runs are kept (default ~/.local/share/platform/runs.db)." };
        var broker = new Option<string?>("--broker") { Description = "Cancel through the Coordinators on this RabbitMQ." };
        var command = new Command("cancel", "Cancel a live run (its finally steps still run); exit 0 once it ended, 1 if it was not live.") { id, reason, wait, store, broker };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(id)!, parse.GetValue(reason), parse.GetValue(wait)!, parse.GetValue(store), parse.GetValue(broker),
            Console.Out, Console.Error));
        return command;
    }

    public static async Task<int> RunAsync(string id, string? reasonText, string waitText, string? store, string? broker, TextWriter stdout, TextWriter stderr)
    {
        if (!DurationParser.TryParse(waitText, out var wait) && waitText != "0")
        {
            stderr.WriteLine($"error: --wait expects a duration such as 30s or 2m, got '{waitText}'");
            return ExitCodes.Invalid;
        }

        var reason = reasonText is { Length: > 0 } r ? $"{r} (./platform cancel)" : "asked with ./platform cancel";
        return broker is not null
            ? await OverBrokerAsync(id, reason, wait, broker, stderr).ConfigureAwait(false)
            : await EmbeddedAsync(id, reason, wait, store, stdout, stderr).ConfigureAwait(false);
    }

    private static async Task<int> EmbeddedAsync(string id, string reason, TimeSpan wait, string? store, TextWriter stdout, TextWriter stderr)
    {
        var runs = RunStores.Open(store);
        if (await RunTarget.FindAsync(runs, id, stderr, ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath)).ConfigureAwait(false) is not { } run)
        {
            return ExitCodes.Invalid;
        }

        var (state, _) = await RunLiveness.OfAsync(runs, run).ConfigureAwait(false);
        switch (state)
        {
            case Operating.RunState.Finished:
                stderr.WriteLine($"error: run {run.RunId} already finished: {run.Status.ToWire()}");
                return ExitCodes.Failed;
            case Operating.RunState.Interrupted:
                // Nobody drives it: drive it here just long enough to cancel it, so its finally steps run.
                stderr.WriteLine($"run {run.RunId} was interrupted (its process died): resuming it to cancel it, so its finally steps run");
                var request = new RunRequest(run.PipelineFile, run.PipelineYaml, run.Inputs, run.RunId, null, RunCommand.DefaultSlots, Json: false,
                    Store: store, Name: run.Name, Resume: true, CancelReason: reason);
                return await RunCommand.FollowAsync(request, stdout, stderr).ConfigureAwait(false) == ExitCodes.Invalid ? ExitCodes.Invalid : ExitCodes.Succeeded;
            case Operating.RunState.Live:
                break;
            default:
                throw new InvalidOperationException($"a run state the CLI does not know: {state}");
        }

        var body = JsonSerializer.Serialize(new CancelRun(run.RunId, reason), Coordinator.Commands.RunCommandInbox.Json);
        await ((IRunCommands)runs).EnqueueCommandAsync(run.RunId, RunCommandKind.Cancel, body, DateTimeOffset.UtcNow).ConfigureAwait(false);
        stderr.WriteLine($"asked run {run.RunId} to cancel");
        return await WaitForEndAsync(run.RunId, wait, async () => (await runs.GetRunAsync(run.RunId).ConfigureAwait(false))?.Status, stderr).ConfigureAwait(false);
    }

    private static async Task<int> OverBrokerAsync(string id, string reason, TimeSpan wait, string broker, TextWriter stderr)
    {
        var (client, exit) = await BrokerClient.ConnectAsync(broker, stderr).ConfigureAwait(false);
        if (client is null)
        {
            return exit;
        }

        await using (client)
        {
            // The id, name or start of an id given, as a Coordinator's store knows it.
            var (found, notFound) = await BrokerRunTarget.FindAsync(client.Bus, id, stderr).ConfigureAwait(false);
            if (found is null)
            {
                return notFound;
            }

            var runId = found.RunId;
            var outcomes = client.Bus.CreateRequestClient<GetRunOutcome>(RequestTimeout.After(s: 10));
            async Task<RunStatus?> StatusAsync()
            {
                var answer = await outcomes.GetResponse<RunOutcome>(new GetRunOutcome(runId)).ConfigureAwait(false);
                return answer.Message.Status == "unknown" ? null : StatusNames.ParseRunStatus(answer.Message.Status);
            }

            var status = StatusNames.ParseRunStatus(found.Status);
            if (status.IsFinished())
            {
                stderr.WriteLine($"error: run {runId} already finished: {status.ToWire()}");
                return ExitCodes.Failed;
            }

            await client.Bus.Publish(new CancelRun(runId, reason)).ConfigureAwait(false);
            stderr.WriteLine($"asked run {runId} to cancel");
            return await WaitForEndAsync(runId, wait, StatusAsync, stderr).ConfigureAwait(false);
        }
    }

    private static async Task<int> WaitForEndAsync(Guid runId, TimeSpan wait, Func<Task<RunStatus?>> status, TextWriter stderr)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(Poll).ConfigureAwait(false);
            try
            {
                if (await status().ConfigureAwait(false) is { } ended && ended.IsFinished())
                {
                    stderr.WriteLine($"run {runId} ended: {ended.ToWire()}");
                    return ExitCodes.Succeeded;
                }
            }
            catch (RequestTimeoutException)
            {
                // Ask again until the wait is over.
            }
        }

        if (wait > TimeSpan.Zero)
        {
            stderr.WriteLine($"run {runId} has not ended after {Durations.Format(wait)}: its finally steps may still be running (./platform watch {runId})");
        }

        return wait > TimeSpan.Zero ? ExitCodes.Failed : ExitCodes.Succeeded;
    }
}
