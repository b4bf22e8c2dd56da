using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>Builds pipeline models in code, so engine tests do not depend on the YAML loader.</summary>
internal static class P
{
    private static readonly SourceLocation Here = new("test.yaml", 1, 1);

    public static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    public static StepNode Sleep(string id, double seconds = 1, When when = When.Success, string[]? needs = null,
        bool allowFailure = false, RetryPolicy? retry = null, string? @if = null, double? timeout = null) =>
        new()
        {
            Id = id,
            Action = new SleepAction(S(seconds)),
            When = when,
            Needs = needs ?? [],
            AllowFailure = allowFailure,
            Retry = retry,
            If = @if is null ? null : Expression.Parse(@if),
            Timeout = timeout is null ? null : S(timeout.Value),
            Location = Here,
        };

    public static StepNode Run(string id, string command, When when = When.Success, string[]? needs = null) =>
        new() { Id = id, Action = new RunAction([Template.Parse(command)]), When = when, Needs = needs ?? [], Location = Here };

    public static ParallelGroup Parallel(string id, params Node[] children) =>
        new() { Id = id, Children = children, Location = Here };

    public static SequentialGroup Sequence(string id, params Node[] children) =>
        new() { Id = id, Children = children, Location = Here };

    public static DagGroup Dag(string id, params Node[] children) =>
        new() { Id = id, Children = children, Location = Here };

    public static ForEachGroup ForEach(string id, IEnumerable<string> items, params Node[] chain) =>
        new() { Id = id, Items = new ItemsSource(items.Select(Value.Of).ToList(), null), Children = chain, Location = Here };

    public static PipelineDefinition Pipeline(params Node[] steps) => Pipeline(steps, []);

    public static PipelineDefinition Pipeline(IReadOnlyList<Node> steps, IReadOnlyList<Node> @finally,
        bool failFast = true, int? concurrency = null, double? timeout = null, PipelineMode mode = PipelineMode.Sequential,
        IReadOnlyList<InputDefinition>? inputs = null) =>
        new("test", null, inputs ?? [], concurrency, failFast, timeout is null ? null : S(timeout.Value), mode, steps, @finally, [], Here);

    public static SimulationResult Simulate(PipelineDefinition pipeline, SimulationOptions? options = null) =>
        Simulator.Run(RunPlan.Compile(pipeline), options ?? new SimulationOptions());

    public static SimulationOptions Failing(params string[] ids) => new() { Failing = ids.ToHashSet() };

    public static StepRecord Step(this SimulationResult r, string id) => r.Report.Steps.Single(s => s.Id == id);

    public static double Start(this SimulationResult r, string id) => (r.Step(id).StartedAt!.Value - DateTimeOffset.UnixEpoch).TotalSeconds;

    public static double End(this SimulationResult r, string id) => (r.Step(id).FinishedAt!.Value - DateTimeOffset.UnixEpoch).TotalSeconds;

    public static StepStatus Status(this SimulationResult r, string id) => r.Step(id).Status;
}
