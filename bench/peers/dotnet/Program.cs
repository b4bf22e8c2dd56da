using Platform.Bench.Peers.Engines;
using Platform.Bench.Peers.Engines.DurableTask;
using Platform.Bench.Peers.Engines.Hangfire;
using Platform.Bench.Peers.Engines.WorkflowCore;
using Platform.Bench.Peers.Workloads;

// bench/run's .NET peers: usage: Platform.Bench.Peers [--engine hangfire,workflowcore,durabletask] [--quick] [--keep-cap] [--warmups N]
// → one JSON line per engine and workload on stdout (run.mjs's fields, plus "engine").
var engines = (Option("--engine") ?? "hangfire,workflowcore,durabletask").Split(',', StringSplitOptions.RemoveEmptyEntries);
var quick = args.Contains("--quick");
var warmups = int.Parse(Option("--warmups") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
var suite = Workload.Suite(quick);
var exit = 0;
foreach (var key in engines)
{
    if (key == "durabletask" && !CapLift.Lifted && !args.Contains("--keep-cap"))
    {
        exit |= await CapLift.RunChildAsync(["--engine", key, "--warmups", $"{warmups}", .. quick ? new[] { "--quick" } : []], Console.Out);
        continue;
    }
    await using IPeerEngine engine = key switch
    {
        "hangfire" => new HangfireEngine(),
        "workflowcore" => new WorkflowCoreEngine(),
        "durabletask" => new DurableTaskEngine(),
        _ => throw new ArgumentException($"unknown engine {key}: hangfire, workflowcore or durabletask"),
    };
    await Runner.RunAsync(engine, suite, warmups, Console.Out);
}
return exit;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
