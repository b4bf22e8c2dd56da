using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Engine;

/// <summary>
/// One run's scheduling state. Mutated in place by <see cref="Scheduler.Decide"/>; deterministic, so a
/// run can be rebuilt by replaying its events. Compact: one small object per step, counters per group.
/// </summary>
public sealed class EngineState
{
    /// <summary>The default cap on steps in one run, forEach items included.</summary>
    public const int DefaultMaxSteps = 100_000;

    private readonly Dictionary<string, NodeInstance> _byId = new(StringComparer.Ordinal);

    private EngineState(RunPlan plan, string runId, int maxSteps)
    {
        Plan = plan;
        RunId = runId;
        MaxSteps = maxSteps;
        Main = (GroupInstance)Instantiate(plan.Main, "(main)", null, 0, "", null);
        Finally = (GroupInstance)Instantiate(plan.Finally, "(finally)", null, 1, "", null);
    }

    public RunPlan Plan { get; }

    public string RunId { get; }

    /// <summary>The name given with <c>--run-id</c>, if any (<c>{{ run.name }}</c>; else the id).</summary>
    public string? RunName { get; set; }

    public RunStatus Status { get; internal set; } = RunStatus.Pending;

    public bool IsFinished => Status.IsFinished();

    public DateTimeOffset? StartedAt { get; internal set; }

    public DateTimeOffset? FinishedAt { get; internal set; }

    public IReadOnlyDictionary<string, Value> Inputs { get; internal set; } = new Dictionary<string, Value>();

    /// <summary>The run this one re-runs (<c>platform rerun</c>), if any.</summary>
    public string? RerunOf { get; internal set; }

    /// <summary>Outcomes a re-run takes over from <see cref="RerunOf"/>, by step id.</summary>
    internal IReadOnlyDictionary<string, ReusedOutcome> Reused { get; set; } = new Dictionary<string, ReusedOutcome>();

    /// <summary>Steps holding a run slot: dispatched, running or waiting for a retry.</summary>
    public int InFlight { get; internal set; }

    public int PeakInFlight { get; internal set; }

    /// <summary>
    /// Missing outputs render as empty strings instead of failing the step: for the simulator, where
    /// no command really runs and no output exists.
    /// </summary>
    public bool LenientTemplates { get; private init; }

    /// <summary>At most this many steps in the run, forEach items included: a forEach that would pass it fails.</summary>
    public int MaxSteps { get; internal set; }

    /// <summary>The run's override of every group's and its own concurrency (see <see cref="ConcurrencyCap"/>); null for none.</summary>
    public int? ConcurrencyCap { get; internal set; }

    /// <summary>Step instances created so far (forEach items add theirs when they expand).</summary>
    public int StepInstances { get; private set; }

    /// <summary>Events handed to the engine so far (including ignored ones).</summary>
    public long EventCount { get; internal set; }

    /// <summary>Every artifact the run's steps stored, in the order their steps succeeded.</summary>
    internal List<ArtifactRecord> Artifacts { get; } = [];

    internal GroupInstance Main { get; }

    internal GroupInstance Finally { get; }

    internal Queue<StepInstance> SlotQueue { get; } = new();

    internal HashSet<GroupInstance> DetachedGroups { get; } = [];

    internal bool CancelRequested { get; set; }

    /// <summary>The run's place in its concurrency group (<c>runs:</c>), once asked for.</summary>
    internal LockClaim? RunLock { get; set; }

    internal bool WaitingRunLock { get; set; }

    internal bool HoldsRunLock { get; set; }

    /// <summary>Why the run's concurrency group refused it; the run then fails without running anything.</summary>
    internal string? RefusedReason { get; set; }

    internal bool TimedOut { get; set; }

    /// <summary>A fire-and-forget branch's merge conflicted under <c>onConflict: fail</c> or could not be done: the run fails.</summary>
    internal bool BranchMergeFailed { get; set; }

    /// <summary>
    /// Branch layers something may have written into: an attempt was sent to run in it (until it succeeds reporting its
    /// layer unchanged, <see cref="AttemptSucceeded.LayerUnchanged"/>), or a nested group's merge went into it. A group's
    /// merge leaves the others out, and a group none of whose branches is here ends without a merge (Transition.Workspaces.cs).
    /// </summary>
    internal HashSet<string> WrittenLayers { get; } = new(StringComparer.Ordinal);

    public static EngineState Create(RunPlan plan, string runId, bool lenientTemplates = false, int maxSteps = DefaultMaxSteps) =>
        new(plan, runId, maxSteps) { LenientTemplates = lenientTemplates };

    /// <summary>The status of a step or group by its report id (e.g. <c>deploy[1]</c>), or null.</summary>
    public StepStatus? StatusOf(string id) => _byId.TryGetValue(id, out var n) ? n.Status : null;

    /// <summary>The current attempt number of a step (0 before its first dispatch).</summary>
    public int AttemptOf(string id) => _byId.TryGetValue(id, out var n) && n is StepInstance s ? s.Attempt : 0;

    /// <summary>Every step and group in pipeline order with its status, times and outputs.</summary>
    public RunReport Report() => ReportBuilder.Build(this);

    internal NodeInstance? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Every step instance created so far.</summary>
    internal IEnumerable<StepInstance> Steps() => _byId.Values.OfType<StepInstance>();

    /// <summary>Every group instance created so far, except the roots.</summary>
    internal IEnumerable<GroupInstance> Groups() => _byId.Values.OfType<GroupInstance>();

    /// <summary>Steps with a dispatched attempt whose result has not come, in pipeline order.</summary>
    internal IEnumerable<StepInstance> OpenAttempts() =>
        _byId.Values.OfType<StepInstance>().Where(n => n.AttemptOpen && !n.IsTerminal);

    /// <summary>Nodes waiting for or holding locks, in pipeline order.</summary>
    internal IEnumerable<NodeInstance> LockedNodes() =>
        _byId.Values.Where(n => (n.WaitingLocks || n.HoldsLocks) && n.Locks is not null);

    internal NodeInstance Instantiate(PlanNode plan, string id, GroupInstance? parent, int position, string suffix, Value? item)
    {
        if (plan.Kind == PlanKind.Step)
        {
            var step = new StepInstance(plan, id, parent!, position, suffix);
            _byId[id] = step;
            StepInstances++;
            return step;
        }

        var group = new GroupInstance(plan, id, parent, position, suffix, item);
        if (parent is not null)
        {
            _byId[id] = group;
        }

        // forEach items are created when the group starts: their number is known only then.
        if (plan.Kind != PlanKind.ForEach)
        {
            var children = new NodeInstance[plan.Children.Count];
            for (var i = 0; i < children.Length; i++)
            {
                var child = plan.Children[i];
                children[i] = Instantiate(child, child.Id + suffix, group, i, suffix, null);
            }

            group.Children = children;
        }

        return group;
    }
}
