using System.CommandLine;
using Platform.Cli.Reruns;
using Platform.Cli.Running;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform rerun RUN [--failed | --from STEP]</c>: a new run of a finished run's pipeline text and
/// inputs, linked to it (<c>rerunOf</c>). With <c>--failed</c> it takes over the steps that succeeded
/// and runs the failed, cancelled, skipped and downstream ones again; with <c>--from STEP</c>, STEP and
/// what follows it; without either, everything. Same output and exit codes as run.
/// </summary>
internal static class RerunCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("RUN") { Description = "The finished run's id or the name given with --run-id." };
        var failed = new Option<bool>("--failed") { Description = "Run again only what failed, was cancelled or skipped, and what depends on it." };
        var from = new Option<string?>("--from") { Description = "Run again STEP (a step or group) and everything after it or depending on it." };
        var runId = new Option<string?>("--run-id") { Description = "The new run's id (a GUID or a name)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout." };
        var store = new Option<string?>("--store") { Description = "Where the run is kept (as given to run)." };
        var broker = new Option<string?>("--broker") { Description = "Submit the re-run to the Coordinator on this RabbitMQ (the run is read from --store)." };
        var slots = new Option<int>("--slots") { Description = "Embedded executor slots.", DefaultValueFactory = _ => RunCommand.DefaultSlots };
        var logs = new Option<bool>("--logs") { Description = "Show every step's output." };
        var secrets = new Option<string[]>(SecretOptions.Option) { Description = "The pipeline's secrets again (they are never stored): NAME or NAME=@FILE." };
        var command = new Command("rerun", "Run a finished run again, reusing what succeeded with --failed or --from; same output and exit codes as run.")
        {
            id, failed, from, runId, json, store, broker, slots, logs, secrets,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(id)!, parse.GetValue(failed), parse.GetValue(from), parse.GetValue(runId),
            parse.GetValue(json), parse.GetValue(store), parse.GetValue(broker), parse.GetValue(slots), parse.GetValue(logs),
            parse.GetValue(secrets) ?? [], Console.Out, Console.Error));
        return command;
    }

    public static async Task<int> RunAsync(string id, bool failed, string? from, string? newRunId, bool json, string? store, string? broker,
        int slots, bool logs, string[] secretOptions, TextWriter stdout, TextWriter stderr)
    {
        if (failed && from is not null)
        {
            stderr.WriteLine("error: give --failed or --from STEP, not both");
            return ExitCodes.Invalid;
        }

        var secrets = SecretOptions.Read(secretOptions, stderr);
        if (secrets is null || await StoredRunState.LoadAsync(RunStores.Open(store), id, store, stderr).ConfigureAwait(false) is not { } previous)
        {
            return ExitCodes.Invalid;
        }

        var selection = RerunPlanner.Plan(previous, failed, from, secrets, newRunId, stderr);
        if (selection is null)
        {
            return ExitCodes.Invalid;
        }

        var run = previous.Run;
        var name = newRunId is not null && !Guid.TryParse(newRunId, out _) ? newRunId : null;
        var request = new RunRequest(run.PipelineFile, run.PipelineYaml, run.Inputs, RunIds.From(newRunId), broker,
            slots > 0 ? slots : RunCommand.DefaultSlots, json, logs, broker is null ? store : null, name, Secrets: secrets,
            RerunOf: run.RunId, Reused: selection);
        return await RunCommand.FollowAsync(request, stdout, stderr).ConfigureAwait(false);
    }
}
