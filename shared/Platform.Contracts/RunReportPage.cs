namespace Platform.Contracts;

/// <summary>
/// Part of a large run's report, published before its <see cref="RunFinished"/> (which then says how
/// many pages there are): a 100,000-step report in one message would cost the Coordinator and every
/// consumer hundreds of megabytes at once.
/// </summary>
public sealed record RunReportPage(Guid RunId, int Page, int Pages, IReadOnlyList<StepReport> Rows);
