using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Model;

/// <summary>
/// An item of a step list: a step or a group. Fields common to all of them live here;
/// <see cref="Needs"/> and <see cref="When"/> matter in a DAG, <see cref="When"/> also in a sequence.
/// </summary>
public abstract record Node
{
    public required string Id { get; init; }

    /// <summary>True when the id was generated from the position because the user gave none.</summary>
    public bool IdGenerated { get; init; }

    public string? Name { get; init; }

    public Expression? If { get; init; }

    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<string> Needs { get; init; } = [];

    public When When { get; init; } = When.Success;

    public bool AllowFailure { get; init; }

    /// <summary>Locks taken, all or nothing, before the node starts and held until it ends (<c>lock:</c>).</summary>
    public IReadOnlyList<LockSpec> Locks { get; init; } = [];

    public required SourceLocation Location { get; init; }
}

public enum When
{
    Success,
    Failure,
    Always,
}

public sealed record StepNode : Node
{
    public required StepAction Action { get; init; }

    public RetryPolicy? Retry { get; init; }

    public IReadOnlyDictionary<string, Template> Env { get; init; } = new Dictionary<string, Template>();

    public Template? Workdir { get; init; }

    /// <summary><c>artifacts</c>: globs, relative to the working directory, of files stored with the run once the step succeeds.</summary>
    public IReadOnlyList<string> Artifacts { get; init; } = [];
}

/// <summary>A group whose children are themselves nodes.</summary>
public abstract record GroupNode : Node
{
    /// <summary>Null inherits from the enclosing scope.</summary>
    public bool? FailFast { get; init; }

    /// <summary>At most this many children active at once; null is unlimited.</summary>
    public int? Concurrency { get; init; }

    /// <summary><c>stagger</c> (parallel and forEach): children start at least this far apart; null starts them together.</summary>
    public TimeSpan? Stagger { get; init; }

    public required IReadOnlyList<Node> Children { get; init; }

    /// <summary><c>isolate</c> (parallel and forEach): false lets the branches share the directory; null is the default (isolated).</summary>
    public bool? Isolate { get; init; }

    /// <summary><c>onConflict</c>: null inherits from the enclosing scope (the pipeline's, default <see cref="ConflictPolicy.Fail"/>).</summary>
    public ConflictPolicy? OnConflict { get; init; }
}

public sealed record ParallelGroup : GroupNode
{
    public WaitPolicy Wait { get; init; } = WaitPolicy.All;
}

public sealed record SequentialGroup : GroupNode;

public sealed record DagGroup : GroupNode;

/// <summary>
/// Dynamic fan-out: <see cref="GroupNode.Children"/> is the chain each item runs in order;
/// items come from a literal list or a template evaluated when the group starts.
/// </summary>
public sealed record ForEachGroup : GroupNode
{
    public required ItemsSource Items { get; init; }
}

/// <summary>Either a literal list or a template that must evaluate to a list.</summary>
public sealed record ItemsSource(IReadOnlyList<Value>? Literal, Template? Template);

public enum WaitKind
{
    All,
    Any,
    None,
    Quorum,
}

public readonly record struct WaitPolicy(WaitKind Kind, int Count)
{
    public static readonly WaitPolicy All = new(WaitKind.All, 0);
    public static readonly WaitPolicy Any = new(WaitKind.Any, 0);
    public static readonly WaitPolicy None = new(WaitKind.None, 0);

    public static WaitPolicy Quorum(int count) => new(WaitKind.Quorum, count);

    public override string ToString() => Kind == WaitKind.Quorum ? Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : Kind.ToString().ToLowerInvariant();
}

/// <summary>`retry`: attempts counts the first one; the n-th retry waits delay × backoff^(n-1), capped.</summary>
public sealed record RetryPolicy(int Attempts, TimeSpan Delay, double Backoff, TimeSpan? MaxDelay)
{
    public TimeSpan DelayBefore(int attempt)
    {
        // attempt is the one about to start (2 for the first retry).
        var factor = Math.Pow(Backoff, Math.Max(0, attempt - 2));
        var ticks = Delay.Ticks * factor;
        var delay = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
        return MaxDelay is { } max && delay > max ? max : delay;
    }
}
