namespace Platform.Pipelines.Engine;

/// <summary>
/// The scheduling engine: hands one event to a run's state and returns what must be done.
/// Pure and deterministic: no clock (time comes with the event), no randomness, no I/O.
/// Handling an event costs time proportional to what it changes, not to the size of the run.
/// </summary>
public static class Scheduler
{
    /// <summary>Applies <paramref name="e"/> to <paramref name="state"/> (in place) and returns the decisions.</summary>
    public static IReadOnlyList<Decision> Decide(EngineState state, RunEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        state.EventCount++;
        ResourceAccounting.Record(state, e);
        return new Transition(state, e.At).Apply(e);
    }
}
