using System.Text.Json.Nodes;
using Platform.Bench.Peers.Engines;
using Platform.Bench.Peers.Measurement;

namespace Platform.Bench.Peers.Workloads;

/// <summary>
/// Runs each workload once unreported (the warm-up: JIT, tiering, pools and caches warm for that very shape),
/// then each workload once more, measured, and writes one JSON line per workload.
/// </summary>
public static class Runner
{
    public static async Task RunAsync(IPeerEngine engine, IReadOnlyList<Workload> suite, TextWriter output)
    {
        await engine.StartAsync();
        foreach (var workload in suite)
        {
            await MeasureAsync(engine, workload);
        }
        foreach (var workload in suite)
        {
            var line = await MeasureAsync(engine, workload);
            line["engine"] = engine.Key;
            foreach (var (key, value) in engine.Setup)
            {
                line[key] = value;
            }
            await output.WriteLineAsync(line.ToJsonString());
            await output.FlushAsync();
        }
    }

    static async Task<JsonObject> MeasureAsync(IPeerEngine engine, Workload workload)
    {
        if (await engine.PrepareAsync(workload) is { } why)
        {
            return ResultLine.NotExpressible(workload, why);
        }
        var log = new StepLog(workload.RecordedSteps);
        StepLog.Current = log;
        var started = Clock.NowMs();
        var notes = await engine.RunAsync(workload);
        var wallMs = Clock.NowMs() - started;
        await engine.FinishAsync(workload);
        var line = ResultLine.From(workload, wallMs, log);
        foreach (var (key, value) in notes)
        {
            line[key] = value;
        }
        return line;
    }
}
