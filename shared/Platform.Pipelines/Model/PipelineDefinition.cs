using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Model;

/// <summary>A validated pipeline as the user wrote it (docs/pipelines.md, "The file").</summary>
public sealed record PipelineDefinition(
    string Id,
    string? Description,
    IReadOnlyList<InputDefinition> Inputs,
    int? Concurrency,
    bool FailFast,
    TimeSpan? Timeout,
    PipelineMode Mode,
    IReadOnlyList<Node> Steps,
    IReadOnlyList<Node> Finally,
    IReadOnlyList<NotifyDefinition> Notify,
    SourceLocation Location)
{
    /// <summary>
    /// Every secret's name: the pipeline's <c>secrets:</c> list and its <c>type: secret</c> inputs. A
    /// secret reaches steps only as the environment variable of that name and is never stored.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>The run's concurrency group (<c>runs:</c>), or null.</summary>
    public RunGroup? Runs { get; init; }

    /// <summary>The pipeline's <c>onConflict</c>: what a write conflict between isolated branches does, unless a group says otherwise.</summary>
    public ConflictPolicy OnConflict { get; init; } = ConflictPolicy.Fail;
}

public enum PipelineMode
{
    Sequential,
    Dag,
}

public enum InputType
{
    String,
    Number,
    Boolean,
    List,

    /// <summary>Given at run time, kept out of the run store and logs; steps see it as an environment variable.</summary>
    Secret,
}

/// <summary>A typed input; <see cref="Default"/> null means the input is required.</summary>
public sealed record InputDefinition(string Name, InputType Type, Value? Default, string? Description, SourceLocation Location);

public enum RunOutcome
{
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>One `notify` entry: which outcomes it fires on and where it goes.</summary>
public sealed record NotifyDefinition(
    IReadOnlyList<RunOutcome> On,
    string? Webhook,
    string? Email,
    string? Log,
    SourceLocation Location);
