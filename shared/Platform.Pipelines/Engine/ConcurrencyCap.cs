namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>run --sequential</c> (a cap of 1) and <c>run --concurrency N</c>: the cap the run began with
/// (<see cref="RunBegan.ConcurrencyCap"/>) bounds every group's <c>concurrency</c> — parallel, race,
/// quorum, fire-and-forget, forEach and DAG — and the run's. With 1, each group starts its children
/// one at a time in declared order (a DAG in the order its children become ready: a topological order),
/// a race tries its branches in turn until one succeeds, and no two steps of the run are ever in flight
/// together (the run's cap also holds fire-and-forget children to one). Every other rule — needs, when,
/// if, retries, failure policies — is unchanged: only how many may run at once changes.
/// </summary>
internal static class ConcurrencyCap
{
    /// <summary>How many children of <paramref name="group"/> may be active at once.</summary>
    public static int GroupLimit(EngineState state, PlanNode group) => Min(group.Concurrency, state.ConcurrencyCap) ?? int.MaxValue;

    /// <summary>How many steps of the run may hold a slot at once; null for no limit.</summary>
    public static int? RunLimit(EngineState state) => Min(state.Plan.Pipeline.Concurrency, state.ConcurrencyCap);

    private static int? Min(int? declared, int? cap) => declared is { } d && cap is { } c ? Math.Min(d, c) : declared ?? cap;
}
