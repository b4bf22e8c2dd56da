using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Cli;

/// <summary>A stored run a user named, as it stands: its summary and the engine state its stored events rebuild.</summary>
internal sealed record StoredRunState(StoredRun Run, EngineState State)
{
    /// <summary>The run (by id, unique id prefix or name), or null after one line on <paramref name="stderr"/> saying why not.</summary>
    public static async Task<StoredRunState?> LoadAsync(IRunStore runs, string id, string? store, TextWriter stderr)
    {
        if (await Operating.RunTarget.FindAsync(runs, id, stderr, ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath))
            .ConfigureAwait(false) is not { } run)
        {
            return null;
        }

        if (await StoredRunReplay.RebuildAsync(runs, run).ConfigureAwait(false) is not { } state)
        {
            stderr.WriteLine($"error: the stored pipeline of run {run.RunId} no longer loads");
            return null;
        }

        return new StoredRunState(run, state);
    }
}
