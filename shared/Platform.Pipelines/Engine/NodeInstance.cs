namespace Platform.Pipelines.Engine;

/// <summary>
/// A plan node in one run: what every step and group has. Steps are <see cref="StepInstance"/>,
/// groups <see cref="GroupInstance"/>; forEach items are groups created when their forEach starts,
/// with ids such as <c>deploy[0]</c>.
/// </summary>
internal abstract class NodeInstance(PlanNode plan, string id, GroupInstance? parent, int position, string suffix)
{
    public PlanNode Plan { get; } = plan;

    public string Id { get; } = id;

    public GroupInstance? Parent { get; } = parent;

    public int Position { get; } = position;

    /// <summary>The forEach index suffix shared by everything inside one item, e.g. "[2]".</summary>
    public string Suffix { get; } = suffix;

    public StepStatus Status { get; set; } = StepStatus.Pending;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Reason { get; set; }

    /// <summary>The step whose failure made this node fail, or be cancelled or skipped: the root cause.</summary>
    public StepInstance? Culprit { get; set; }

    /// <summary>Counted in the parent's <see cref="GroupInstance.Active"/> (started and not yet reported finished).</summary>
    public bool CountedActive { get; set; }

    /// <summary>The locks this node takes, names rendered (set when it asks for them).</summary>
    public IReadOnlyList<LockClaim>? Locks { get; set; }

    /// <summary>Asked for its locks and not yet granted: it holds no slot and has not started.</summary>
    public bool WaitingLocks { get; set; }

    /// <summary>Holds its locks until it ends.</summary>
    public bool HoldsLocks { get; set; }

    public bool IsTerminal => Status.IsTerminal();

    /// <summary>Failed (after retries) and not allowed to: what fails a scope.</summary>
    public bool CountsAsFailure => Status is StepStatus.Failed or StepStatus.TimedOut && !Plan.AllowFailure;

    /// <summary>Succeeded, or failed with <c>allowFailure</c>: what a DAG dependent accepts.</summary>
    public bool CountsAsSuccess => Status == StepStatus.Succeeded || (Status is StepStatus.Failed or StepStatus.TimedOut && Plan.AllowFailure);

    /// <summary><c>when: always</c> or <c>when: failure</c>: runs whatever fail-fast does.</summary>
    public bool RunsDespiteFailure => Plan.When is Model.When.Always or Model.When.Failure;

    public override string ToString() => $"{Id} {Status}";
}
