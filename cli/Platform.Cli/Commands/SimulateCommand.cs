using System.CommandLine;
using Platform.Cli.Output;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Reports;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Simulation;
using Platform.Pipelines.Validation;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform simulate FILE</c>: runs the engine on a virtual clock. Each step takes its <c>sleep</c>,
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
        var command = new Command("simulate", "Run the pipeline on a virtual clock and show its timeline and critical path.")
        {
            file, durations, inputs, fail, json,
        };
        command.SetAction(parse => Run(
            parse.GetValue(file)!,
            parse.GetValue(durations) ?? [],
            parse.GetValue(inputs) ?? [],
            parse.GetValue(fail) ?? [],
            parse.GetValue(json),
            Console.Out,
            Console.Error));
        return command;
    }

    public static int Run(string path, string[] durations, string[] inputs, string[] failing, bool json, TextWriter stdout, TextWriter stderr)
    {
        var pipeline = PipelineFile.Load(path, stderr);
        var durationPairs = PipelineFile.Pairs(durations, "--duration", stderr);
        var inputPairs = PipelineFile.Pairs(inputs, "--input", stderr);
        if (pipeline is null || durationPairs is null || inputPairs is null)
        {
            return ExitCodes.Invalid;
        }

        var parsed = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
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

        var result = Simulator.Run(plan, new SimulationOptions
        {
            Inputs = values,
            Durations = parsed,
            Failing = failing.ToHashSet(StringComparer.Ordinal),
        });
        stdout.Write(json ? ReportJson.Write(result.Report, result) + Environment.NewLine : Timeline.Render(result));
        return ExitCodes.Succeeded;
    }

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
