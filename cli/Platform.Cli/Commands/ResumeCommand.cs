using System.CommandLine;
using Platform.Cli.Running;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform resume RUN_ID</c>: continues a run whose process died (kill -9, a crash, a reboot).
/// Steps that succeeded are not run again; attempts that were running run again as new attempts.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("RUN_ID") { Description = "The run's id or the name given with --run-id." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout." };
        var store = new Option<string?>("--store") { Description = "Where the run is kept (as given to run)." };
        var slots = new Option<int>("--slots") { Description = "Embedded executor slots.", DefaultValueFactory = _ => RunCommand.DefaultSlots };
        var logs = new Option<bool>("--logs") { Description = "Show every step's output." };
        var secrets = new Option<string[]>(SecretOptions.Option) { Description = "The run's secrets again (they are never stored): NAME or NAME=@FILE." };
        var command = new Command("resume", "Continue an interrupted run from where it was; same options and exit codes as run.") { id, json, store, slots, logs, secrets };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(id)!, parse.GetValue(json), parse.GetValue(store), parse.GetValue(slots), parse.GetValue(logs),
            Console.Out, Console.Error, parse.GetValue(secrets) ?? []));
        return command;
    }

    public static async Task<int> RunAsync(string id, bool json, string? store, int slots, bool logs, TextWriter stdout, TextWriter stderr, string[]? secretOptions = null)
    {
        var secrets = SecretOptions.Read(secretOptions ?? [], stderr);
        if (secrets is null)
        {
            return ExitCodes.Invalid;
        }

        var runs = RunStores.Open(store);
        if (await Operating.RunTarget.FindAsync(runs, id, stderr, ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath)).ConfigureAwait(false) is not { } stored)
        {
            return ExitCodes.Invalid;
        }

        var runId = stored.RunId;
        var (state, owner) = await Operating.RunLiveness.OfAsync(runs, stored).ConfigureAwait(false);
        if (state == Operating.RunState.Live)
        {
            // Two drivers of one run would dispatch its steps twice.
            stderr.WriteLine($"error: run {runId} is live (owned by {owner ?? "a process starting it"}); use ./platform watch {id}");
            return ExitCodes.Failed;
        }

        var request = new RunRequest(stored.PipelineFile, stored.PipelineYaml, stored.Inputs, runId, null, slots, json, logs, store, stored.Name, Resume: true, Secrets: secrets);
        return await RunCommand.FollowAsync(request, stdout, stderr).ConfigureAwait(false);
    }
}
