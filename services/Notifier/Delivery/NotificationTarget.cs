using Platform.Contracts;

namespace Platform.Notifier.Delivery;

/// <summary>One destination of a <see cref="NotifyTarget"/>: a webhook URL, an e-mail address or a log label.</summary>
public sealed record NotificationTarget(NotificationKind Kind, string Destination)
{
    public string KindName => Kind switch
    {
        NotificationKind.Log => "log",
        NotificationKind.Webhook => "webhook",
        NotificationKind.Email => "email",
        _ => throw new InvalidOperationException($"Unknown notification kind {Kind}."),
    };

    /// <summary>
    /// The destinations of a notify entry. An entry names one destination, but if several are set
    /// each is honoured rather than silently dropped.
    /// </summary>
    public static IEnumerable<NotificationTarget> From(NotifyTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Webhook is { } webhook)
        {
            yield return new NotificationTarget(NotificationKind.Webhook, webhook.Trim());
        }

        if (target.Email is { } email)
        {
            yield return new NotificationTarget(NotificationKind.Email, email.Trim());
        }

        if (target.Log is { } log)
        {
            yield return new NotificationTarget(NotificationKind.Log, log.Trim());
        }
    }

    /// <summary>True when the entry's <c>on</c> list names the run's status (case-insensitive).</summary>
    public static bool FiresOn(NotifyTarget target, string status)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.On.Any(outcome => string.Equals(outcome?.Trim(), status, StringComparison.OrdinalIgnoreCase));
    }

    public override string ToString() => $"{KindName}:{Destination}";
}
