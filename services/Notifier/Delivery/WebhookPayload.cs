using System.Globalization;
using Platform.Contracts;

namespace Platform.Notifier.Delivery;

/// <summary>
/// The JSON a webhook receives (camelCase). Times are ISO-8601 UTC with milliseconds, as the CLI
/// prints them.
/// </summary>
public sealed record WebhookPayload(
    Guid RunId,
    string Pipeline,
    string Status,
    string StartedAt,
    string FinishedAt,
    WebhookStepSummary Steps)
{
    public static WebhookPayload Of(RunFinished run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summary = RunSummary.Of(run);
        var failed = summary.FailedSteps
            .Select(step => new WebhookFailedStep(step.Id, step.Status, step.Attempts, step.ExitCode, step.Reason))
            .ToList();
        return new WebhookPayload(
            run.RunId,
            run.PipelineId,
            run.Status,
            FormatTime(run.StartedAt),
            FormatTime(run.FinishedAt),
            new WebhookStepSummary(summary.Total, summary.ByStatus, failed));
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
