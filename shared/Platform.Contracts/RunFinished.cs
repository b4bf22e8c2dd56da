namespace Platform.Contracts;

/// <summary>
/// The run's outcome and report. <see cref="Status"/> is succeeded, failed or cancelled.
/// <see cref="Notify"/> carries the pipeline's notify entries so the Notifier needs nothing else.
/// </summary>
public sealed record RunFinished(
    Guid RunId,
    string PipelineId,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<NotifyTarget> Notify);
