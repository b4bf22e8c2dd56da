using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Notifier.Notifications;
using Platform.Notifier.Telemetry;

namespace Platform.Notifier.Delivery;

/// <summary>
/// Sends a finished run to every target whose <c>on</c> names its status, all targets at once.
/// A failed delivery is logged as a warning, recorded and counted, never thrown: the run is
/// already over and nothing may wait on its notifications. Each target is claimed in the
/// <see cref="INotificationLog"/> first, so a redelivered RunFinished does not notify twice.
/// </summary>
public sealed class NotificationDispatcher
{
    private readonly Dictionary<NotificationKind, INotificationSender> _senders;
    private readonly INotificationLog _notificationLog;
    private readonly NotifierMetrics _metrics;
    private readonly ILogger<NotificationDispatcher> _logger;

    public NotificationDispatcher(
        IEnumerable<INotificationSender> senders,
        INotificationLog notificationLog,
        NotifierMetrics metrics,
        ILogger<NotificationDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(senders);
        _senders = senders.ToDictionary(sender => sender.Kind);
        _notificationLog = notificationLog;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task DispatchAsync(RunFinished run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["RunId"] = run.RunId,
            ["PipelineId"] = run.PipelineId,
        });

        var targets = run.Notify
            .Where(entry => NotificationTarget.FiresOn(entry, run.Status))
            .SelectMany(NotificationTarget.From)
            .Distinct()
            .ToList();
        if (targets.Count == 0)
        {
            _logger.LogDebug("Run {RunId} {Status}: no notify entry fires", run.RunId, run.Status);
            return;
        }

        await Task.WhenAll(targets.Select(target => DeliverAsync(run, target, cancellationToken)));
    }

    private async Task DeliverAsync(RunFinished run, NotificationTarget target, CancellationToken cancellationToken)
    {
        var key = new NotificationKey(run.RunId, run.Status, target.ToString());
        if (!await _notificationLog.TryClaimAsync(key, cancellationToken))
        {
            _logger.LogInformation("Run {RunId} {Status}: {Target} already notified, not sending again", run.RunId, run.Status, target);
            return;
        }

        if (!_senders.TryGetValue(target.Kind, out var sender))
        {
            await CompleteAsync(key, target, new DeliveryResult(NotificationOutcome.Failed, $"no sender for {target.KindName}"), activity: null);
            return;
        }

        using var activity = NotifierTelemetry.ActivitySource.StartActivity($"notify {target.KindName}", ActivityKind.Client);
        activity?.SetTag(NotifierTelemetry.RunIdTag, run.RunId.ToString("D"));
        activity?.SetTag(NotifierTelemetry.TargetKindTag, target.KindName);
        try
        {
            var result = await sender.SendAsync(run, target, cancellationToken);
            await CompleteAsync(key, target, result, activity);
            if (result.Outcome == NotificationOutcome.Sent)
            {
                _logger.LogInformation("Run {RunId} {Status}: notified {Target}", run.RunId, run.Status, target);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The bus is stopping: give the claim back so the redelivered message sends it.
            await _notificationLog.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
#pragma warning disable CA1031 // Any delivery failure is reported, never thrown: the run must not be held back.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.LogWarning(
                exception,
                "Run {RunId} {Status}: notifying {Target} failed: {Error}",
                run.RunId,
                run.Status,
                target,
                exception.Message);
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            await CompleteAsync(key, target, new DeliveryResult(NotificationOutcome.Failed, exception.Message), activity);
        }
    }

    private async Task CompleteAsync(NotificationKey key, NotificationTarget target, DeliveryResult result, Activity? activity)
    {
        activity?.SetTag(NotifierTelemetry.OutcomeTag, NotificationOutcomeNames.Of(result.Outcome));
        _metrics.RecordDelivery(target, result.Outcome);
        await _notificationLog.CompleteAsync(key, result.Outcome, result.Detail, CancellationToken.None);
    }
}
