using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Engine;

/// <summary>
/// A plan node in one run: its status and, for groups, the counters that make fan-in O(1) per event.
/// forEach items are instantiated when their group starts, with ids such as <c>deploy[0]</c>.
/// </summary>
internal sealed class NodeInstance
{
    public NodeInstance(PlanNode plan, string id, NodeInstance? parent, int position, string suffix, Value? item)
    {
        Plan = plan;
        Id = id;
        Parent = parent;
        Position = position;
        Suffix = suffix;
        Item = item;
    }

    public PlanNode Plan { get; }

    public string Id { get; }

    public NodeInstance? Parent { get; }

    public int Position { get; }

    /// <summary>The forEach index suffix shared by everything inside one item, e.g. "[2]".</summary>
    public string Suffix { get; }

    /// <summary>The forEach item, on <see cref="PlanKind.Item"/> instances.</summary>
    public Value? Item { get; }

    public NodeInstance[] Children { get; set; } = [];

    public StepStatus Status { get; set; } = StepStatus.Pending;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Reason { get; set; }

    // --- steps ---
    public int Attempt { get; set; }

    /// <summary>The current attempt was dispatched and its result is still awaited.</summary>
    public bool AttemptOpen { get; set; }

    public bool WaitingSlot { get; set; }

    public bool WaitingRetry { get; set; }

    /// <summary>Holds one of the run's <c>concurrency</c> slots.</summary>
    public bool HoldsSlot { get; set; }

    public int? ExitCode { get; set; }

    public IReadOnlyDictionary<string, string> Outputs { get; set; } = Empty;

    // --- groups ---
    /// <summary>Counted in the parent's <see cref="Active"/> (started and not yet reported finished).</summary>
    public bool CountedActive { get; set; }

    public int Active { get; set; }

    public int Done { get; set; }

    public int Succeeded { get; set; }

    public int Failed { get; set; }

    public bool FailureSeen => Failed > 0;

    /// <summary>Next child position to consider (sequence, parallel, forEach).</summary>
    public int Next { get; set; }

    /// <summary>DAG: children whose needs are all done; parallel: released <c>when: failure</c> children.</summary>
    public Queue<int>? Ready { get; set; }

    /// <summary>Parallel: <c>when: failure</c> children waiting for a sibling to fail.</summary>
    public List<int>? Deferred { get; set; }

    /// <summary>DAG child: needs not yet done.</summary>
    public int RemainingNeeds { get; set; }

    public bool Aborting { get; set; }

    public string? AbortReason { get; set; }

    /// <summary>Status the group ends with because of the abort (cancelled, timed-out), if any.</summary>
    public StepStatus? AbortStatus { get; set; }

    /// <summary><c>wait: none</c>: the group is done for its parent but its children still run.</summary>
    public bool Detached { get; set; }

    public bool IsTerminal => Status.IsTerminal();

    /// <summary>Failed (after retries) and not allowed to: what fails a scope.</summary>
    public bool CountsAsFailure => Status is StepStatus.Failed or StepStatus.TimedOut && !Plan.AllowFailure;

    /// <summary>Succeeded, or failed with <c>allowFailure</c> (dependents treat it as succeeded).</summary>
    public bool CountsAsSuccess => Status == StepStatus.Succeeded || (Status is StepStatus.Failed or StepStatus.TimedOut && Plan.AllowFailure);

    public override string ToString() => $"{Id} {Status}";

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
