namespace Platform.Notifier.Notifications;

/// <summary>
/// What makes a notification unique: one run outcome to one target. A redelivered RunFinished
/// maps to the same key, so it is not sent twice.
/// </summary>
/// <param name="Target">The target as <c>kind:destination</c>, e.g. <c>webhook:http://ci/hooks</c>.</param>
public sealed record NotificationKey(Guid RunId, string Status, string Target);
