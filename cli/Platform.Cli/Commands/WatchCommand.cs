using System.CommandLine;
using MassTransit;
using Platform.Cli.Operating;
using Platform.Cli.Running;
using Platform.Contracts;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform watch RUN</c>: attaches to a live run — its progress as <c>run</c> shows it, then its
/// report and exit code — or prints a finished run's report. Ctrl-C stops watching, not the run.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("RUN") { Description = "The run: its id, a unique start of it, or the name given with --run-id." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout." };
        var logs = new Option<bool>("--logs") { Description = "Show the steps' output as it comes." };
        var store = new Option<string?>("--store") { Description = "Where runs are kept (default ~/.local/share/platform/runs.db)." };
        var broker = new Option<string?>("--broker") { Description = "Follow the run through the Coordinators on this RabbitMQ." };
        var command = new Command("watch", "Follow a run started elsewhere; exit 0 succeeded, 1 failed or cancelled.") { id, json, logs, store, broker };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(id)!, parse.GetValue(json), parse.GetValue(logs), parse.GetValue(store), parse.GetValue(broker),
            Console.Out, Console.Error, cancellation));
        return command;
    }

    public static async Task<int> RunAsync(string id, bool json, bool logs, string? store, string? broker, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        if (broker is not null)
        {
            return await OverBrokerAsync(id, json, logs, broker, stdout, stderr).ConfigureAwait(false);
        }

        var runs = RunStores.Open(store);
        if (await RunTarget.FindAsync(runs, id, stderr, ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath)).ConfigureAwait(false) is not { } run)
        {
            return ExitCodes.Invalid;
        }

        var (state, owner) = await RunLiveness.OfAsync(runs, run, cancellation).ConfigureAwait(false);
        if (state == Operating.RunState.Interrupted)
        {
            stderr.WriteLine($"error: run {run.RunId} was interrupted (its process died): ./platform resume {id} continues it");
            return ExitCodes.Failed;
        }

        if (state == Operating.RunState.Live)
        {
            stderr.WriteLine($"watching run {run.RunId} (live in {owner ?? "a process starting it"}); Ctrl-C stops watching, ./platform cancel {id} stops the run");
        }

        return await StoredRunFollower.FollowAsync(runs, run, json, logs, stdout, stderr, cancellation).ConfigureAwait(false);
    }

    private static async Task<int> OverBrokerAsync(string id, bool json, bool logs, string broker, TextWriter stdout, TextWriter stderr)
    {
        var (client, exit) = await BrokerClient.ConnectAsync(broker, stderr).ConfigureAwait(false);
        if (client is null)
        {
            return exit;
        }

        Guid runId;
        await using (client)
        {
            var (found, notFound) = await BrokerRunTarget.FindAsync(client.Bus, id, stderr).ConfigureAwait(false);
            if (found is null)
            {
                return notFound;
            }

            runId = found.RunId;
        }

        var request = new RunRequest("", "", new Dictionary<string, string>(), runId, broker, 0, json, logs, Attach: true);
        return await RunCommand.FollowAsync(request, stdout, stderr).ConfigureAwait(false);
    }
}
