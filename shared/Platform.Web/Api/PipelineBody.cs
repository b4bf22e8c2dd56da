namespace Platform.Web.Api;

/// <summary>
/// A pipeline text to validate or simulate. Simulation: <see cref="Durations"/> per step id (<c>2s</c>, <c>5m</c>;
/// default a step's sleep or 1s), <see cref="Failing"/> step ids, <see cref="ConcurrencyCap"/> (1 = all sequential),
/// <see cref="SequentialGroups"/>: group ids to run one child at a time (toggle and simulate).
/// </summary>
public sealed record PipelineBody(string Pipeline, Dictionary<string, string>? Inputs = null, Dictionary<string, string>? Durations = null,
    IReadOnlyList<string>? Failing = null, int? ConcurrencyCap = null, IReadOnlyList<string>? SequentialGroups = null);
