using System.CommandLine;
using Platform.Cli.Operating;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary><c>platform logs RUN [STEP] [--attempt N] [--follow]</c>: a past or live run's step output, as kept in the run store.</summary>
internal static class LogsCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static Command Create()
    {
        var id = new Argument<string>("RUN") { Description = "The run: its id, a unique start of it, or the name given with --run-id." };
        var step = new Argument<string?>("STEP") { Description = "Only this step's output.", Arity = ArgumentArity.ZeroOrOne };
        var attempt = new Option<int?>("--attempt") { Description = "Only this attempt of the step (1 is the first)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the run ends." };
        var store = new Option<string?>("--store") { Description = "Where runs are kept (default ~/.local/share/platform/runs.db)." };
        var broker = new Option<string?>("--broker") { Description = "Ask the Coordinators on this RabbitMQ instead of reading a store." };
        var command = new Command("logs", "Print a run's step output (secrets masked); with --follow, as it comes.") { id, step, attempt, follow, store, broker };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(id)!, parse.GetValue(step), parse.GetValue(attempt), parse.GetValue(follow),
            parse.GetValue(store), parse.GetValue(broker), Console.Out, Console.Error, cancellation));
        return command;
    }

    public static async Task<int> RunAsync(string id, string? step, int? attempt, bool follow, string? store, string? broker,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        if (attempt is < 1)
        {
            stderr.WriteLine("error: --attempt counts from 1");
            return ExitCodes.Invalid;
        }

        BrokerClient? client = null;
        try
        {
            ILogSource source;
            Guid runId;
            IRunStore? runs = null;
            if (broker is not null)
            {
                (client, var exit) = await BrokerClient.ConnectAsync(broker, stderr).ConfigureAwait(false);
                if (client is null)
                {
                    return exit;
                }

                source = new BusLogSource(client.Bus);
                var (found, notFound) = await BrokerRunTarget.FindAsync(client.Bus, id, stderr).ConfigureAwait(false);
                if (found is null)
                {
                    return notFound;
                }

                runId = found.RunId;
            }
            else
            {
                runs = RunStores.Open(store);
                if (await RunTarget.FindAsync(runs, id, stderr, ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath)).ConfigureAwait(false) is not { } run)
                {
                    return ExitCodes.Invalid;
                }

                source = new StoreLogSource(runs);
                runId = run.RunId;
            }

            var printer = new LogPrinter(stdout, showStep: step is null);
            var cursor = 0L;
            var endSeen = false;
            while (true)
            {
                var read = await source.ReadAsync(runId, step, attempt, cursor, cancellation).ConfigureAwait(false);
                if (read.Status is null)
                {
                    stderr.WriteLine($"error: no run '{id}' known to the Coordinators");
                    return ExitCodes.Invalid;
                }

                printer.Print(read);
                cursor = read.Cursor;
                if (read.Chunks.Count >= IRunLogs.PageSize)
                {
                    continue; // a full page: there is more
                }

                if (!follow)
                {
                    return ExitCodes.Succeeded;
                }

                var ended = read.Status?.IsFinished() == true;
                if (ended && endSeen && read.Chunks.Count == 0)
                {
                    return ExitCodes.Succeeded; // read once more after the end: the last batches are in
                }

                endSeen = ended;
                if (!ended && runs is not null && await runs.GetRunAsync(runId, cancellation).ConfigureAwait(false) is { } current
                    && (await RunLiveness.OfAsync(runs, current, cancellation).ConfigureAwait(false)).State == Operating.RunState.Interrupted)
                {
                    stderr.WriteLine($"run {runId} was interrupted (its process died): ./platform resume {id} continues it");
                    return ExitCodes.Failed;
                }

                await Task.Delay(Poll, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return ExitCodes.Succeeded; // Ctrl-C while following
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
