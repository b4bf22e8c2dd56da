using Platform.Pipelines.Engine;
using Platform.Pipelines.History;
using Platform.Pipelines.Loading;

namespace Platform.Storage;

/// <summary>
/// A stored run as it stands: its pipeline compiled again and its events replayed through the engine
/// (deterministic, so this is exactly the state its Coordinator had). Used wherever a run is rebuilt
/// from the store: <c>show</c>, <c>watch</c>, a Coordinator answering for a run, a run taken over.
/// </summary>
public static class StoredRunReplay
{
    /// <summary>The run's engine state before any event, or null when its stored pipeline no longer loads.</summary>
    public static EngineState? Start(StoredRun run) => Start(run.PipelineYaml, run.PipelineFile, run.RunId);

    public static EngineState? Start(string pipelineYaml, string pipelineFile, Guid runId)
    {
        var loaded = PipelineLoader.Load(pipelineYaml, pipelineFile);
        return loaded.IsValid ? EngineState.Create(RunPlan.Compile(loaded.Pipeline!), runId.ToString()) : null;
    }

    /// <summary>The run rebuilt from all its stored events; null when its stored pipeline no longer loads.</summary>
    public static async Task<EngineState?> RebuildAsync(IRunStore store, StoredRun run, CancellationToken cancellationToken = default)
    {
        if (Start(run) is not { } state)
        {
            return null;
        }

        foreach (var e in await store.ReadEventsAsync(run.RunId, cancellationToken).ConfigureAwait(false))
        {
            Scheduler.Decide(state, e);
        }

        return state;
    }

    /// <summary>The run as <c>platform stats</c> reads it (see <see cref="ObservedRun"/>); null when its stored pipeline no longer loads.</summary>
    public static async Task<ObservedRun?> ObserveAsync(IRunStore store, StoredRun run, CancellationToken cancellationToken = default) =>
        Start(run) is { } state
            ? ObservedRun.Replay(state, await store.ReadEventsAsync(run.RunId, cancellationToken).ConfigureAwait(false), RunFingerprint.Of(run))
            : null;
}
