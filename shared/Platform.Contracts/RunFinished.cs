namespace Platform.Contracts;

/// <summary>
/// The run's outcome and report. <see cref="Status"/> is succeeded, failed or cancelled.
/// <see cref="Notify"/> carries the pipeline's notify entries so the Notifier needs nothing else.
/// A report of more than a page of rows comes in <see cref="ReportPages"/> <see cref="RunReportPage"/>
/// messages published just before this one, and <see cref="Steps"/> is then empty;
/// <see cref="StepCounts"/> (steps by status, group rows aside) is there either way, and so are
/// <see cref="FailedSteps"/>: the first 20 steps that failed or timed out, for whoever tells people.
/// <see cref="ConcurrencyCap"/>: the run's <c>--sequential</c> / <c>--concurrency N</c> override, if any.
/// <see cref="RerunOf"/>: the run this one re-runs, if it is a re-run.
/// </summary>
public sealed record RunFinished(
    Guid RunId,
    string PipelineId,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<NotifyTarget> Notify,
    int ReportPages = 0,
    IReadOnlyDictionary<string, int>? StepCounts = null,
    int? ConcurrencyCap = null,
    string? Name = null,
    IReadOnlyList<StepReport>? FailedSteps = null,
    string? RerunOf = null);
