using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Storage;

namespace Platform.Cli;

/// <summary>A stored run as it stands: its summary and the engine state its stored events rebuild.</summary>
internal sealed record StoredRunReplay(StoredRun Run, EngineState State)
{
    /// <summary>The run, or null after one line on <paramref name="stderr"/> saying why not.</summary>
    public static async Task<StoredRunReplay?> LoadAsync(IRunStore runs, string id, string? store, TextWriter stderr)
    {
        var runId = RunIds.From(id);
        if (await runs.GetRunAsync(runId).ConfigureAwait(false) is not { } run)
        {
            stderr.WriteLine($"error: no run '{id}' in {ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath)}");
            return null;
        }

        var loaded = PipelineLoader.Load(run.PipelineYaml, run.PipelineFile);
        if (!loaded.IsValid)
        {
            stderr.WriteLine($"error: the stored pipeline of run {runId} no longer loads");
            return null;
        }

        // The engine is deterministic: replaying the stored events gives the run as it stands.
        var state = EngineState.Create(RunPlan.Compile(loaded.Pipeline!), runId.ToString());
        foreach (var e in await runs.ReadEventsAsync(runId).ConfigureAwait(false))
        {
            Scheduler.Decide(state, e);
        }

        return new StoredRunReplay(run, state);
    }
}
