using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;
using Platform.Web.Api;
using Platform.Web.Timeline;

namespace Platform.Web.Runs;

/// <summary>
/// Simulates a pipeline as declared, with the groups a user toggled sequential, and with every group
/// sequential (<c>--sequential</c>): the article's "toggle and simulate", for the API and the editor page.
/// </summary>
internal static class PipelineSimulation
{
    public static (SimulationAnswer? Answer, IReadOnlyList<string> Errors) Run(PipelineDefinition pipeline, PipelineBody body)
    {
        var errors = new List<string>();
        var durations = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var plan = RunPlan.Compile(pipeline);
        var known = plan.StepIds().ToHashSet(StringComparer.Ordinal);
        foreach (var (id, text) in body.Durations ?? [])
        {
            if (!known.Contains(id.Split('[')[0]))
            {
                errors.Add($"durations: the pipeline has no step '{id}'");
            }
            else if (!DurationParser.TryParse(text, out var d))
            {
                errors.Add($"durations: {id}={text} is not a duration (use 500ms, 2s, 5m, 1h)");
            }
            else
            {
                durations[id] = d;
            }
        }

        errors.AddRange((body.Failing ?? []).Where(id => !known.Contains(id.Split('[')[0])).Select(id => $"failing: the pipeline has no step '{id}'"));
        var (inputs, inputErrors) = InputBinder.Bind(pipeline, body.Inputs ?? []);
        errors.AddRange(inputErrors);
        var groups = GroupToggle.Toggleable(pipeline).Select(g => g.Id).ToList();
        var toggled = (body.SequentialGroups ?? []).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(toggled.Where(id => !groups.Contains(id)).Select(id => $"sequentialGroups: the pipeline has no parallel, dag or forEach group '{id}'"));
        if (body.ConcurrencyCap is < 1)
        {
            errors.Add("concurrencyCap: at least 1");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var options = new SimulationOptions
        {
            Inputs = inputs,
            Durations = durations,
            Failing = (body.Failing ?? []).ToHashSet(StringComparer.Ordinal),
            ConcurrencyCap = body.ConcurrencyCap,
        };
        var declared = Simulator.Run(plan, options);
        var chosen = toggled.Count == 0
            ? declared
            : Simulator.Run(RunPlan.Compile(GroupCaps.Apply(pipeline, toggled.ToDictionary(id => id, _ => 1, StringComparer.Ordinal)).Pipeline), options);
        var sequential = Simulator.Run(plan, options with { ConcurrencyCap = 1 });
        return (new SimulationAnswer(Seconds(chosen.WallSeconds), Seconds(declared.WallSeconds), Seconds(sequential.WallSeconds), Seconds(chosen.SequentialSeconds),
            chosen.CriticalPath, SimulatedTimeline.From(chosen), groups), []);

        static double Seconds(double s) => Math.Round(s, 3);
    }
}
