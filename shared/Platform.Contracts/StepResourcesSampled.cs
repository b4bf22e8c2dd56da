namespace Platform.Contracts;

/// <summary>
/// A long step's resource use so far, published by its Executor every
/// <c>Executor:ResourceProgressInterval</c> while the attempt runs (sampled: docs/pipelines.md,
/// "Resource use"). Advisory, for progress lines: the attempt's result carries the final figures.
/// </summary>
public sealed record StepResourcesSampled(
    Guid RunId,
    string StepId,
    int Attempt,
    DateTimeOffset At,
    TimeSpan Running,
    ResourceUsage SoFar);
