namespace Platform.Notifier.Options;

/// <summary>Configuration section <c>Notifier</c>.</summary>
public sealed class NotifierOptions
{
    public const string SectionName = "Notifier";

    public WebhookOptions Webhook { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// A SQLite file that records what was sent, so a restarted Notifier never notifies an outcome
    /// twice; null keeps the record in memory. Also <c>--store</c> on the Notifier host.
    /// </summary>
    public string? Store { get; set; }
}
