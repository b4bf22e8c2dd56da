using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Platform.Pipelines.Locks;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary><c>platform locks</c>: each lock in the store's table, who holds it since when, and who waits, in order.</summary>
internal static class LocksCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static Command Create()
    {
        var store = new Option<string?>("--store") { Description = "Where runs are kept (default ~/.local/share/platform/runs.db)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("locks", "List the locks runs hold or wait for: holders (run, step, since) and the queue.") { store, json };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(store), parse.GetValue(json), Console.Out));
        return command;
    }

    public static async Task<int> RunAsync(string? storeLocation, bool json, TextWriter stdout)
    {
        var store = RunStores.Open(storeLocation);
        if (store is not IRunLocks table)
        {
            Console.Error.WriteLine("error: this store keeps no lock table");
            return ExitCodes.Invalid;
        }

        var rows = await table.ListLocksAsync().ConfigureAwait(false);
        var pipelines = new Dictionary<string, string?>();
        foreach (var runId in rows.Select(r => r.RunId).Distinct())
        {
            pipelines[runId] = Guid.TryParse(runId, out var id) ? (await store.GetRunAsync(id).ConfigureAwait(false))?.PipelineId : null;
        }

        var locks = rows.GroupBy(r => r.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new
        {
            @lock = g.Key,
            limit = g.Max(r => r.Limit),
            holders = g.Where(r => r.Held).OrderBy(r => r.GrantedAt).Select(r => Row(r, r.GrantedAt!.Value, null)).ToList(),
            queue = g.Where(r => !r.Held).OrderBy(r => r.Seq).Select((r, i) => Row(r, r.RequestedAt, i + 1)).ToList(),
        }).ToList();
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(locks, Json));
            return ExitCodes.Succeeded;
        }

        if (locks.Count == 0)
        {
            stdout.WriteLine("no locks are held or waited for");
            return ExitCodes.Succeeded;
        }

        foreach (var l in locks)
        {
            stdout.WriteLine($"{l.@lock}  (limit {l.limit}): {l.holders.Count} holding, {l.queue.Count} waiting");
            foreach (var h in l.holders)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  held by   run {h.RunId}  step {h.Step,-20}  pipeline {h.Pipeline ?? "?",-20}  since {h.Since:yyyy-MM-dd HH:mm:ss}Z"));
            }

            foreach (var w in l.queue)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {w.Position,3}. wait  run {w.RunId}  step {w.Step,-20}  pipeline {w.Pipeline ?? "?",-20}  since {w.Since:yyyy-MM-dd HH:mm:ss}Z"));
            }
        }

        return ExitCodes.Succeeded;

        LockRow Row(LockEntry r, DateTimeOffset since, int? position) => new(r.RunId, r.NodeId, pipelines.GetValueOrDefault(r.RunId), since.UtcDateTime, position);
    }

    private sealed record LockRow(string RunId, string Step, string? Pipeline, DateTime Since, int? Position);
}
