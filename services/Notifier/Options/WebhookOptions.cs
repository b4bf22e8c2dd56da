namespace Platform.Notifier.Options;

/// <summary>
/// Webhook delivery limits (configuration <c>Notifier:Webhook</c>). Short on purpose: a run is
/// already finished, so a dead endpoint must not keep a consumer busy for long.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry; each further retry doubles it (with jitter).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound for one webhook, retries and delays included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
