using System.CommandLine;
using System.Text.Json;
using Platform.Cli.Output;
using Platform.Pipelines.History;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform stats PIPELINE</c>: per step and group over the pipeline's last finished runs — outcome
/// rates, duration and queue percentiles, CPU and memory, critical-path share, change, flakiness.
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("PIPELINE") { Description = "The pipeline's id, or its file (the id is read from it)." };
        var last = new Option<int>("--last") { Description = "How many of the newest finished runs to count (default 20).", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var store = new Option<string?>("--store") { Description = "Where runs are kept (default ~/.local/share/platform/runs.db)." };
        var command = new Command("stats", "Per-step history of a pipeline: outcomes, durations, queue time, CPU, memory, critical path, flaky steps.")
        {
            pipeline, last, json, store,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(pipeline)!, parse.GetValue(last), parse.GetValue(json), parse.GetValue(store),
            Console.Out, Console.Error));
        return command;
    }

    public static async Task<int> RunAsync(string pipeline, int last, bool json, string? storeText, TextWriter stdout, TextWriter stderr)
    {
        if (last < 1)
        {
            stderr.WriteLine("error: --last must be at least 1");
            return ExitCodes.Invalid;
        }

        var id = pipeline;
        if (File.Exists(pipeline))
        {
            if (PipelineFile.Load(pipeline, stderr) is not { } definition)
            {
                return ExitCodes.Invalid;
            }

            id = definition.Id;
        }

        var observed = await RunHistory.FinishedAsync(RunStores.Open(storeText), id, 2 * last).ConfigureAwait(false);
        if (observed.Count == 0)
        {
            stderr.WriteLine($"error: no finished runs of pipeline '{id}' in the store");
            return ExitCodes.Failed;
        }

        var stats = PipelineStatistics.Compute(id, observed.Take(last).ToList(), observed.Skip(last).ToList());
        stdout.Write(json ? JsonSerializer.Serialize(stats, StatsTable.Json) + Environment.NewLine : StatsTable.Render(stats));
        return ExitCodes.Succeeded;
    }
}
