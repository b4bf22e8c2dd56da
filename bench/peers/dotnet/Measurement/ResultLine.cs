using System.Text.Json.Nodes;
using Platform.Bench.Peers.Workloads;

namespace Platform.Bench.Peers.Measurement;

/// <summary>A workload's result line, with run.mjs's field names and formulas.</summary>
public static class ResultLine
{
    public static JsonObject From(Workload workload, double wallMs, StepLog log)
    {
        var line = new JsonObject { ["workload"] = workload.Name, ["wall_s"] = Stats.Round(wallMs / 1000) };
        if (workload.Kind == WorkloadKind.Chain)
        {
            var ordered = log.Times.Values.OrderBy(t => t.Began).ToArray();
            var gaps = ordered.Skip(1).Select((t, i) => t.Began - ordered[i].Ended).ToArray();
            var busy = ordered.Sum(t => t.Ended - t.Began);
            line["steps"] = ordered.Length;
            line["gap_p50_ms"] = Stats.Round(Stats.Percentile(gaps, 0.5), 2);
            line["gap_p99_ms"] = Stats.Round(Stats.Percentile(gaps, 0.99), 2);
            line["overhead_mean_ms"] = Stats.Round((wallMs - busy) / ordered.Length);
        }
        else
        {
            var children = log.Times.Where(t => t.Key != "root").Select(t => t.Value).ToArray();
            var lastEnd = children.Max(t => t.Ended);
            line["steps"] = children.Length;
            line["steps_per_s"] = Stats.Round(children.Length / (wallMs / 1000), 1);
            line["fanin_ms"] = log.Times.TryGetValue("root", out var root) ? Stats.Round(root.Began - lastEnd, 2) : null;
            line["peak_in_flight"] = Stats.PeakInFlight(children);
            line["limit"] = workload.Concurrency;
        }
        if (workload.IdealS is { } ideal)
        {
            line["efficiency"] = Stats.Round(ideal / (wallMs / 1000));
        }
        return line;
    }

    public static JsonObject NotExpressible(Workload workload, string why) =>
        new() { ["workload"] = workload.Name, ["expressible"] = false, ["why"] = why };
}
