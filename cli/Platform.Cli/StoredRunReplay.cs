using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Storage;

namespace Platform.Cli;

/// <summary>A stored run as it stands: its summary and the engine state its stored events rebuild.</summary>
internal sealed record StoredRunReplay(StoredRun Run, EngineState State)
{
    /// <summary>The run (by id, unique id prefix or name), or null after one line on <paramref name="stderr"/> saying why not.</summary>
    public static async Task<StoredRunReplay?> LoadAsync(IRunStore runs, string id, string? store, TextWriter stderr)
    {
        if (await Operating.RunTarget.FindAsync(runs, id, stderr, ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath))
            .ConfigureAwait(false) is not { } run)
        {
            return null;
        }

        var runId = run.RunId;
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
