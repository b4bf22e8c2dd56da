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

/// <summary>A manual gate: parsed, rejected by the validator until a runtime can wait for an approval.</summary>
public sealed record ApprovalAction(Template? Message, TimeSpan? Timeout) : StepAction;
