using System.CommandLine;
using Platform.Cli.Output;
using Platform.Pipelines.Engine;
using Platform.Pipelines.History;
using Platform.Pipelines.Reports;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Simulation;
using Platform.Pipelines.Validation;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform simulate FILE</c>: runs the engine on a virtual clock. Each step takes its <c>sleep</c>, its median from history (<c>--from-history</c>),
/// the <c>--duration</c> given for it, or 1s; <c>--fail</c> makes a step fail, to see failure paths.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The pipeline file (YAML)." };
        var durations = new Option<string[]>("--duration") { Description = "How long a step takes: ID=DURATION (e.g. build=2m). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var inputs = new Option<string[]>("--input") { Description = "An input value: NAME=VALUE. Repeatable." };
        var fail = new Option<string[]>("--fail") { Description = "Make every attempt of step ID fail. Repeatable." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout." };
        var history = new Option<bool>("--from-history") { Description = "Take each step's duration from the median of its last stored runs (same pipeline id); --duration still wins." };
        var last = new Option<int>("--last") { Description = "How many stored runs --from-history reads (default 20).", DefaultValueFactory = _ => 20 };
        var store = new Option<string?>("--store") { Description = "Where runs are kept, for --from-history (default ~/.local/share/platform/runs.db)." };
        var sequential = new Option<string[]>("--sequential") { Description = "Without a value: the whole run one step at a time. With a group id: that group one child at a time. Compared with the pipeline as declared.", Arity = ArgumentArity.ZeroOrMore };
        var concurrency = new Option<string[]>("--concurrency") { Description = "N: cap the whole run at N. GROUP=N: cap that group at N. Repeatable; compared with the pipeline as declared." };
        var command = new Command("simulate", "Run the pipeline on a virtual clock and show its timeline and critical path.")
        {
            file, durations, inputs, fail, json, history, last, store, sequential, concurrency,
        };
        command.SetAction(async (parse, _) =>
        {
            var changes = Changes.Parse(parse.GetResult(sequential) is not null, parse.GetValue(sequential) ?? [], parse.GetValue(concurrency) ?? [], Console.Error);
            if (changes is null)
            {
                return ExitCodes.Invalid;
            }

            var path = parse.GetValue(file)!;
            IReadOnlyDictionary<string, TimeSpan>? fromHistory = null;
            if (parse.GetValue(history))
            {
                fromHistory = await HistoryDurationsAsync(path, parse.GetValue(last), parse.GetValue(store), Console.Error).ConfigureAwait(false);
                if (fromHistory is null)
                {
                    return ExitCodes.Invalid;
                }
            }

            return Run(path, parse.GetValue(durations) ?? [], parse.GetValue(inputs) ?? [], parse.GetValue(fail) ?? [], parse.GetValue(json),
                Console.Out, Console.Error, changes, fromHistory);
        });
        return command;
    }

    /// <summary>What <c>--sequential</c> and <c>--concurrency</c> change: a cap on the run, caps on groups.</summary>
    internal sealed record Changes(int? RunCap, IReadOnlyDictionary<string, int> GroupCaps)
    {
        public static readonly Changes None = new(null, new Dictionary<string, int>());

        public bool Any => RunCap is not null || GroupCaps.Count > 0;

        public static Changes? Parse(bool sequentialGiven, string[] sequential, string[] concurrency, TextWriter stderr)
        {
            int? runCap = sequentialGiven && sequential.Length == 0 ? 1 : null;
            var groups = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var group in sequential)
            {
                groups[group] = 1; // named twice is still one group
            }

            foreach (var item in concurrency)
            {
                var (group, number) = item.Split('=', 2) is [var g, var n] ? (g, n) : (null, item);
                if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cap) || cap < 1)
                {
                    stderr.WriteLine($"error: --concurrency {item}: use N or GROUP=N with N a whole number from 1");
                    return null;
                }

                if (group is null)
                {
                    runCap = cap;
                }
                else
                {
                    groups[group] = cap;
                }
            }

            return new Changes(runCap, groups);
        }
    }

    /// <summary>Each step's median duration over the pipeline's stored runs; null (after saying why) when there are none.</summary>
    private static async Task<IReadOnlyDictionary<string, TimeSpan>?> HistoryDurationsAsync(string path, int last, string? store, TextWriter stderr)
    {
        if (PipelineFile.Load(path, stderr) is not { } pipeline)
        {
            return null;
        }

        var runs = await RunHistory.FinishedAsync(RunStores.Open(store), pipeline.Id, Math.Max(1, last)).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            stderr.WriteLine($"error: --from-history: no finished runs of pipeline '{pipeline.Id}' in the store");
            return null;
        }

        var stats = PipelineStatistics.Compute(pipeline.Id, runs, []);
        stderr.WriteLine($"durations: the median of the last {runs.Count} runs of {pipeline.Id}");
        return stats.Steps.Where(s => s.Kind == NodeKind.Step && s.DurationP50 is not null)
            .ToDictionary(s => s.Id, s => TimeSpan.FromSeconds(s.DurationP50!.Value), StringComparer.Ordinal);
    }

    public static int Run(string path, string[] durations, string[] inputs, string[] failing, bool json, TextWriter stdout, TextWriter stderr,
        Changes? changes = null, IReadOnlyDictionary<string, TimeSpan>? fromHistory = null)
    {
        changes ??= Changes.None;
        var pipeline = PipelineFile.Load(path, stderr);
        var durationPairs = PipelineFile.Pairs(durations, "--duration", stderr);
        var inputPairs = PipelineFile.Pairs(inputs, "--input", stderr);
        if (pipeline is null || durationPairs is null || inputPairs is null)
        {
            return ExitCodes.Invalid;
        }

        var parsed = new Dictionary<string, TimeSpan>(fromHistory ?? new Dictionary<string, TimeSpan>(), StringComparer.Ordinal);
        foreach (var (id, text) in durationPairs)
        {
            if (!DurationParser.TryParse(text, out var d))
            {
                stderr.WriteLine($"error: --duration {id}={text}: not a duration (use 500ms, 2s, 5m, 1h or PT1M30S)");
                return ExitCodes.Invalid;
            }

            parsed[id] = d;
        }

        var (values, errors) = InputBinder.Bind(pipeline, inputPairs);
        foreach (var error in errors)
        {
            stderr.WriteLine($"error: {error}");
        }

        if (errors.Count > 0)
        {
            return ExitCodes.Invalid;
        }

        var plan = RunPlan.Compile(pipeline);
        var unknown = UnknownSteps(plan, parsed.Keys, "--duration").Concat(UnknownSteps(plan, failing, "--fail")).ToList();
        foreach (var problem in unknown)
        {
            stderr.WriteLine($"error: {problem}");
        }

        if (unknown.Count > 0)
        {
            return ExitCodes.Invalid;
        }

        var options = new SimulationOptions
        {
            Inputs = values,
            Durations = parsed,
            Failing = failing.ToHashSet(StringComparer.Ordinal),
        };
        var result = Simulator.Run(plan, options);
        if (changes.Any)
        {
            var (changed, notGroups) = GroupCaps.Apply(pipeline, changes.GroupCaps);
            foreach (var id in notGroups)
            {
                stderr.WriteLine($"error: --sequential/--concurrency {id}: the pipeline has no group '{id}'");
            }

            if (notGroups.Count > 0)
            {
                return ExitCodes.Invalid;
            }

            var declared = result;
            result = Simulator.Run(RunPlan.Compile(changed), options with { ConcurrencyCap = changes.RunCap });
            (json ? stderr : stdout).Write(Comparison(declared, result));
        }

        stdout.Write(json ? ReportJson.Write(result.Report, result) + Environment.NewLine : Timeline.Render(result));
        return ExitCodes.Succeeded;
    }

    /// <summary>The change against the pipeline as declared: wall time, speed-up, critical path.</summary>
    private static string Comparison(SimulationResult declared, SimulationResult changed) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"as declared: wall {declared.WallSeconds:0.###}s, critical path {string.Join(" → ", declared.CriticalPath)}\n"
        + $"with the change: wall {changed.WallSeconds:0.###}s ({(changed.WallSeconds > 0 ? declared.WallSeconds / changed.WallSeconds : 1):0.00}× the declared speed), critical path {string.Join(" → ", changed.CriticalPath)}\n\n");

    /// <summary>A step named in an option must exist (<c>deploy</c> or one item's <c>deploy[1]</c>): a typo is an error, not a no-op.</summary>
    private static IEnumerable<string> UnknownSteps(RunPlan plan, IEnumerable<string> ids, string option)
    {
        var known = plan.StepIds().ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var declared = id.Split('[')[0];
            if (!known.Contains(declared))
            {
                yield return $"{option} {id}: the pipeline has no step '{declared}'{DidYouMean.Hint(declared, known)}";
            }
        }
    }
}
