using Platform.Pipelines.Engine;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary><c>platform runs</c>: run history, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var pipeline = new Option<string?>("--pipeline") { Description = "Only runs of this pipeline id." };
        var status = new Option<string?>("--status") { Description = "Only runs with this status (running, succeeded, failed, cancelled)." };
        var limit = new Option<int>("--limit") { Description = "How many runs.", DefaultValueFactory = _ => 20 };
        var store = new Option<string?>("--store") { Description = "Where runs are kept (default ~/.local/share/platform/runs.db)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("runs", "List past and current runs, newest first.") { pipeline, status, limit, store, json };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(pipeline), parse.GetValue(status), parse.GetValue(limit), parse.GetValue(store),
            parse.GetValue(json), Console.Out));
        return command;
    }

    public static async Task<int> RunAsync(string? pipeline, string? status, int limit, string? store, bool json, TextWriter stdout)
    {
        RunStatus? only = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) || parsed == RunStatus.Pending)
            {
                Console.Error.WriteLine($"error: --status {status}: use running, succeeded, failed or cancelled");
                return ExitCodes.Invalid;
            }

            only = parsed;
        }

        var runs = await RunStores.Open(store).ListRunsAsync(new RunQuery(pipeline, only, 0, Math.Max(1, limit))).ConfigureAwait(false);
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(runs.Select(r => new
            {
                runId = r.RunId,
                name = r.Name,
                pipeline = r.PipelineId,
                status = r.Status.ToWire(),
                submittedAt = r.SubmittedAt,
                finishedAt = r.FinishedAt,
            })));
            return ExitCodes.Succeeded;
        }

        stdout.WriteLine($"{"run",-36}  {"name",-16}  {"pipeline",-20}  {"status",-10}  {"submitted (UTC)",-19}  took");
        foreach (var r in runs)
        {
            var took = r.FinishedAt is { } f ? (f - r.SubmittedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s" : "";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.RunId,-36}  {Cut(r.Name ?? "", 16),-16}  {Cut(r.PipelineId, 20),-20}  {r.Status.ToWire(),-10}  {r.SubmittedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {took}"));
        }

        return ExitCodes.Succeeded;
    }

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
