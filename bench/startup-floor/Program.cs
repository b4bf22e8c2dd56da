using System.CommandLine;
using System.Globalization;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;

// The least a fresh `run` must do before its first step, timed from the moment its arguments are parsed
// (as ./platform's PLATFORM_STARTUP_TRACE=1 does): read and validate the pipeline, bind its inputs, compile
// the plan and take the engine's first decision. Prints one JSON line of milliseconds after parsing.
// With --warm-parser first, another thread parses a tiny pipeline from the top of Main while the command line
// is parsed, as ./platform run does (YamlDotNet's first document builds a compiled regular expression).
if (args is ["--warm-parser", .. var rest])
{
    new Thread(() => PipelineLoader.Load("id: w\nsteps:\n  - { id: s, sleep: 0ms }\n", "warm.yaml")) { IsBackground = true }.Start();
    args = rest;
}

var file = new Argument<string>("FILE");
var run = new Command("run") { file };
run.SetAction(parse =>
{
    var parsed = DateTimeOffset.UtcNow;
    var text = File.ReadAllText(parse.GetValue(file)!);
    var loaded = PipelineLoader.Load(text, parse.GetValue(file)!);
    var loadedAt = DateTimeOffset.UtcNow;
    if (!loaded.IsValid)
    {
        Console.Error.WriteLine(string.Join('\n', loaded.Errors));
        return 2;
    }

    var (inputs, _) = InputBinder.Bind(loaded.Pipeline!, new Dictionary<string, string>());
    var state = EngineState.Create(RunPlan.Compile(loaded.Pipeline!), Guid.NewGuid().ToString());
    var decisions = Scheduler.Decide(state, new RunBegan(DateTimeOffset.UtcNow, inputs));
    var decidedAt = DateTimeOffset.UtcNow;
    var first = decisions.OfType<StartAttempt>().FirstOrDefault();
    double Ms(DateTimeOffset at) => (at - parsed).TotalMilliseconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $$"""{"loaded_ms": {{Ms(loadedAt):0.00}}, "first_step_decided_ms": {{Ms(decidedAt):0.00}}, "first_step": "{{first?.StepId}}"}"""));
    return first is null ? 1 : 0;
});
return new RootCommand("startup floor") { run }.Parse(args).Invoke();
