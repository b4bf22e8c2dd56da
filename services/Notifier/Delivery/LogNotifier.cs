using Microsoft.Extensions.Logging;
using Platform.Contracts;

namespace Platform.Notifier.Delivery;

/// <summary>
/// A <c>log</c> target: one structured line. A value that names a level (<c>warning</c>,
/// <c>error</c>…) sets the level; any other value is kept as the line's label.
/// </summary>
public sealed class LogNotifier(ILogger<LogNotifier> logger) : INotificationSender
{
    public NotificationKind Kind => NotificationKind.Log;

    public Task<DeliveryResult> SendAsync(RunFinished run, NotificationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(target);

        var level = ParseLevel(target.Destination) ?? LogLevel.Information;
        logger.Log(
            level,
            "Run {RunId} of pipeline {PipelineId} {Status} after {DurationSeconds:0.###}s: {StepSummary} [{NotifyLabel}]",
            run.RunId,
            run.PipelineId,
            run.Status,
            (run.FinishedAt - run.StartedAt).TotalSeconds,
            RunSummary.Of(run).Describe(),
            target.Destination);
        return Task.FromResult(DeliveryResult.Sent);
    }

    private static LogLevel? ParseLevel(string value) => value.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" => LogLevel.Critical,
        _ => null,
    };
}
