namespace Platform.Notifier.Notifications;

/// <summary>
/// Process-local notification log. Records older than <see cref="Retention"/> are pruned once the
/// log grows past <see cref="PruneThreshold"/>: redeliveries arrive within minutes, not days.
/// </summary>
public sealed class InMemoryNotificationLog(TimeProvider timeProvider) : INotificationLog
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public const int PruneThreshold = 10_000;

    private readonly Dictionary<NotificationKey, NotificationRecord> _records = [];
    private readonly Lock _gate = new();

    public ValueTask<bool> TryClaimAsync(NotificationKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            PruneIfLarge(now);
            if (_records.TryGetValue(key, out var existing) && existing.Outcome != NotificationOutcome.Failed)
            {
                return ValueTask.FromResult(false);
            }

            var deliveries = existing?.Deliveries ?? 0;
            _records[key] = new NotificationRecord(key, NotificationOutcome.InProgress, deliveries + 1, now, null);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask CompleteAsync(NotificationKey key, NotificationOutcome outcome, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var deliveries = _records.TryGetValue(key, out var existing) ? existing.Deliveries : 1;
            _records[key] = new NotificationRecord(key, outcome, deliveries, now, detail);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(NotificationKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_records.TryGetValue(key, out var existing) && existing.Outcome == NotificationOutcome.InProgress)
            {
                _records.Remove(key);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<NotificationRecord>> ForRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<NotificationRecord> records = [.. _records.Values.Where(record => record.Key.RunId == runId)];
            return ValueTask.FromResult(records);
        }
    }

    private void PruneIfLarge(DateTimeOffset now)
    {
        if (_records.Count < PruneThreshold)
        {
            return;
        }

        var expired = _records.Values
            .Where(record => record.Outcome != NotificationOutcome.InProgress && now - record.UpdatedAt > Retention)
            .Select(record => record.Key)
            .ToList();
        foreach (var key in expired)
        {
            _records.Remove(key);
        }
    }
}
