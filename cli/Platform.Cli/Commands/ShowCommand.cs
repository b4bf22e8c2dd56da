using System.CommandLine;
using Platform.Cli.Output;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary><c>platform show RUN_ID</c>: a run's step table, rebuilt from its stored events.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("RUN_ID") { Description = "The run's id or the name given with --run-id." };
        var store = new Option<string?>("--store") { Description = "Where runs are kept." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("show", "Show a run and its steps.") { id, store, json };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(id)!, parse.GetValue(store), parse.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    public static async Task<int> RunAsync(string id, string? store, bool json, TextWriter stdout, TextWriter stderr)
    {
        var runs = RunStores.Open(store);
        if (await Operating.RunTarget.FindAsync(runs, id, stderr, ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath)).ConfigureAwait(false) is not { } run)
        {
            return ExitCodes.Invalid;
        }

        var runId = run.RunId;

        // The engine is deterministic: replaying the stored events gives the run as it stands.
        if (await StoredRunReplay.RebuildAsync(runs, run).ConfigureAwait(false) is not { } state)
        {
            stderr.WriteLine($"error: the stored pipeline of run {runId} no longer loads");
            return ExitCodes.Invalid;
        }

        var report = state.Report();
        ReportOutput.Write(stdout, report, json);
        if (!state.IsFinished)
        {
            var (liveness, owner) = await Operating.RunLiveness.OfAsync(runs, run).ConfigureAwait(false);
            stderr.WriteLine(liveness == Operating.RunState.Live
                ? $"run {runId} is live (owned by {owner ?? "a process starting it"}): ./platform watch {id} follows it"
                : $"run {runId} was interrupted (its process died): ./platform resume {id} continues it");
        }

        return ExitCodes.Succeeded;
    }
}
