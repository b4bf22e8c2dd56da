using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Model;

/// <summary>What a step does: exactly one of run, sleep, http, approval.</summary>
public abstract record StepAction;

/// <summary>Shell commands run with bash in order, stopping at the first failure.</summary>
public sealed record RunAction(IReadOnlyList<Template> Commands) : StepAction;

public sealed record SleepAction(TimeSpan Duration) : StepAction;

/// <summary>An HTTP call; <see cref="Expect"/> empty means any 2xx.</summary>
public sealed record HttpAction(
    Template Url,
    string Method,
    IReadOnlyDictionary<string, Template> Headers,
    Template? Body,
    IReadOnlyList<int> Expect) : StepAction;

/// <summary>
/// A manual gate: the run waits, holding no slot, until someone approves or rejects it or its
/// <see cref="Timeout"/> passes. <see cref="Approvers"/>, when not empty, are the only names whose decision counts.
/// </summary>
public sealed record ApprovalAction(Template? Message, TimeSpan? Timeout, IReadOnlyList<string> Approvers) : StepAction;
