using System.Text.Json.Nodes;
using Platform.Bench.Peers.Engines;
using Platform.Bench.Peers.Measurement;

namespace Platform.Bench.Peers.Workloads;

/// <summary>
/// Runs the whole suite <c>warmups</c> times unreported (the warm-up: JIT, tiering and PGO, pools and caches
/// settled for these very shapes), then each workload once more, measured, and writes one JSON line per workload.
/// </summary>
public static class Runner
{
    public static async Task RunAsync(IPeerEngine engine, IReadOnlyList<Workload> suite, int warmups, TextWriter output)
    {
        await engine.StartAsync();
        for (var pass = 0; pass < warmups; pass++)
        {
            foreach (var workload in suite)
            {
                await MeasureAsync(engine, workload);
            }
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
