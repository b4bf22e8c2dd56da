using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Platform.Cli.Output;
using Platform.Cli.Running;
using Platform.Pipelines.History;
using Platform.Pipelines.Loading;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform experiment FILE --parallelism 1,2,4,8</c>: runs the pipeline embedded at each level (a cap
/// on every group's and the run's concurrency, as <c>run --concurrency</c>), <c>--repeat</c> times each,
/// and prints speed-up, efficiency, failures, CPU and memory per level, the knee, and the steps that
/// fail only in parallel.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The pipeline file (YAML)." };
        var parallelism = new Option<string>("--parallelism") { Description = "The levels to try, comma-separated (default 1,2,4,8); 1 is --sequential.", DefaultValueFactory = _ => "1,2,4,8" };
        var repeat = new Option<int>("--repeat") { Description = "Runs at each level (default 1); the wall time is their median.", DefaultValueFactory = _ => 1 };
        var inputs = new Option<string[]>("--input") { Description = "An input value: NAME=VALUE. Repeatable." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var plot = new Option<string?>("--plot") { Description = "Also draw wall time and efficiency against the level into this SVG file." };
        var store = new Option<string?>("--store") { Description = "Where the experiment's runs are kept, named experiment-STAMP-pLEVEL-rROUND, for the console and `show` (default ~/.local/share/platform/runs.db; memory keeps none)." };
        var command = new Command("experiment", "Run a pipeline at several parallelism levels and compare wall time, speed-up, efficiency and failures.")
        {
            file, parallelism, repeat, inputs, json, plot, store,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(file)!, parse.GetValue(parallelism)!, parse.GetValue(repeat),
            parse.GetValue(inputs) ?? [], parse.GetValue(json), parse.GetValue(plot), parse.GetValue(store), Console.Out, Console.Error));
        return command;
    }

    public static async Task<int> RunAsync(string path, string levelsText, int repeat, string[] inputs, bool json, string? plot, string? store,
        TextWriter stdout, TextWriter stderr)
    {
        var levels = ParseLevels(levelsText, stderr);
        if (levels is null)
        {
            return ExitCodes.Invalid;
        }

        if (repeat < 1)
        {
            stderr.WriteLine("error: --repeat must be at least 1");
            return ExitCodes.Invalid;
        }

        var pipeline = PipelineFile.Load(path, stderr, out var text);
        var pairs = PipelineFile.Pairs(inputs, "--input", stderr);
        if (pipeline is null || pairs is null)
        {
            return ExitCodes.Invalid;
        }

        var (_, errors) = InputBinder.Bind(pipeline, pairs);
        foreach (var error in errors)
        {
            stderr.WriteLine($"error: {error}");
        }

        if (errors.Count > 0)
        {
            return ExitCodes.Invalid;
        }

        // Rounds, each trying every level once: a machine that slows down over the experiment slows every level alike.
        var runs = new List<ExperimentRun>();
        var experiment = ExperimentRunName.Experiment(DateTimeOffset.UtcNow);
        for (var round = 1; round <= repeat; round++)
        {
            foreach (var level in levels)
            {
                var slots = Math.Max(RunCommand.DefaultSlots, Math.Max(level, pipeline.Concurrency ?? 0));
                var request = new RunRequest(path, text!, pairs, Guid.NewGuid(), null, slots, Json: false, Store: store,
                    Name: ExperimentRunName.Of(experiment, level, round), ConcurrencyCap: level);
                var outcome = await new RunSession(request, TextWriter.Null).RunAsync().ConfigureAwait(false);
                if (outcome.Finished is not { } finished)
                {
                    stderr.WriteLine($"error: level {level}, run {round}: {outcome.GaveUp ?? string.Join("; ", outcome.Rejected?.Errors ?? [])}");
                    return ExitCodes.Failed;
                }

                var report = ReportMapper.ToReport(finished);
                runs.Add(new ExperimentRun(level, report));
                var wall = (report.FinishedAt - report.StartedAt)?.TotalSeconds ?? 0;
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"level {level}, run {round} of {repeat}: {report.Status.ToString().ToLowerInvariant()} in {wall:0.000}s"));
            }
        }

        var result = ExperimentResult.Compute(runs);
        if (store != "memory")
        {
            stderr.WriteLine($"runs kept as {experiment}-p*: `platform serve` shows the chart at /pipelines/{pipeline.Id}/experiments");
        }

        stdout.Write(json ? JsonSerializer.Serialize(result, StatsTable.Json) + Environment.NewLine : ExperimentTable.Render(result));
        if (plot is not null)
        {
            Platform.Web.Charts.ExperimentChart.Write(result, pipeline.Id, plot);
            stderr.WriteLine($"plot written to {plot}");
        }

        return ExitCodes.Succeeded;
    }

    /// <summary>Distinct positive levels in ascending order, or null after printing why not.</summary>
    private static List<int>? ParseLevels(string text, TextWriter stderr)
    {
        var levels = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level < 1)
            {
                stderr.WriteLine($"error: --parallelism {text}: '{part}' is not a level (a whole number from 1), e.g. 1,2,4,8");
                return null;
            }

            levels.Add(level);
        }

        if (levels.Count == 0)
        {
            stderr.WriteLine("error: --parallelism needs at least one level, e.g. 1,2,4,8");
            return null;
        }

        return [.. levels];
    }
}
