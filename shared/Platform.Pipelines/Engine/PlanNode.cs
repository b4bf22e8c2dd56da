using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// A node of the compiled plan: the model's node with everything the scheduler needs resolved once
/// (inherited failFast, DAG needs as sibling positions, dependents), shared by every run of a pipeline.
/// </summary>
public sealed class PlanNode
{
    internal PlanNode(string id, PlanKind kind, Node? source, PlanNode? parent, int position)
    {
        Id = id;
        Kind = kind;
        Source = source;
        Parent = parent;
        Position = position;
    }

    public string Id { get; }

    public PlanKind Kind { get; }

    /// <summary>The model node; null for the synthetic roots and forEach item chains.</summary>
    public Node? Source { get; }

    public PlanNode? Parent { get; }

    /// <summary>Index among the parent's children.</summary>
    public int Position { get; }

    public IReadOnlyList<PlanNode> Children { get; internal set; } = [];

    public bool FailFast { get; internal set; }

    public int? Concurrency { get; internal set; }

    public WaitPolicy Wait { get; internal set; } = WaitPolicy.All;

    /// <summary>Positions of the siblings this node needs (DAG only).</summary>
    public IReadOnlyList<int> Needs { get; internal set; } = [];

    /// <summary>Positions of the siblings that need this node (DAG only).</summary>
    public IReadOnlyList<int> Dependents { get; internal set; } = [];

    public StepNode? Step => Source as StepNode;

    public When When => Source?.When ?? When.Success;

    public bool AllowFailure => Source?.AllowFailure ?? false;

    public Expression? If => Source?.If;

    public TimeSpan? Timeout => Source?.Timeout;

    /// <summary>A parallel or forEach group's <c>stagger</c>: its children start at least this far apart.</summary>
    public TimeSpan? Stagger => (Source as GroupNode)?.Stagger;

    /// <summary>
    /// Each child is a branch writing into a layer of its own, merged at the group's end (parallel,
    /// race and forEach, unless <c>isolate: false</c>; never fire-and-forget). See <see cref="WorkspaceLayers"/>.
    /// </summary>
    public bool Isolates { get; internal set; }

    /// <summary>What a write conflict between this group's branches does (inherited; the pipeline's by default).</summary>
    public ConflictPolicy OnConflict { get; internal set; }

    /// <summary>How a group schedules its children, chosen once when the plan is compiled; null for steps.</summary>
    internal GroupPolicy? Policy { get; set; }

    /// <summary>Steps one instance of this node holds (a forEach counts its chain once).</summary>
    internal int StepCount { get; set; }

    public override string ToString() => $"{Kind} {Id}";
}
