using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Coordinator.Saga;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Storage;

namespace Platform.Coordinator.Running;

/// <summary>
/// The engine state of every active run, kept in memory beside the saga instances. A run whose
/// state is missing (the Coordinator restarted) is rebuilt by replaying its logged events.
/// </summary>
public sealed class RunEngines(IRunStore store, IOptions<CoordinatorOptions> options)
{
    private readonly ConcurrentDictionary<Guid, EngineState> _states = new();

    /// <summary>A run's engine state, with the Coordinator's step cap (a stored run's own cap comes back with its RunBegan).</summary>
    public EngineState Create(RunPlan plan, Guid runId) =>
        EngineState.Create(plan, runId.ToString(), maxSteps: options.Value.MaxStepsPerRun);

    public void Add(Guid runId, EngineState state) => _states[runId] = state;

    public void Remove(Guid runId) => _states.TryRemove(runId, out _);

    /// <summary>The run's state; when rebuilt, <paramref name="timers"/> receives every timer the replay scheduled.</summary>
    public async Task<EngineState?> GetAsync(RunState saga, Action<ScheduleTimer> timers, CancellationToken cancellationToken)
    {
        if (_states.TryGetValue(saga.CorrelationId, out var state))
        {
            return state;
        }

        var loaded = PipelineLoader.Load(saga.PipelineYaml, saga.PipelineFile);
        if (!loaded.IsValid)
        {
            return null;
        }

        state = Create(RunPlan.Compile(loaded.Pipeline!), saga.CorrelationId);
        foreach (var e in await store.ReadEventsAsync(saga.CorrelationId, cancellationToken).ConfigureAwait(false))
        {
            // Timers that no longer matter are ignored by the engine when they fire.
            foreach (var timer in Scheduler.Decide(state, e).OfType<ScheduleTimer>())
            {
                timers(timer);
            }
        }

        _states[saga.CorrelationId] = state;
        return state;
    }
}
