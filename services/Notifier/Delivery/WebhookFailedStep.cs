namespace Platform.Notifier.Delivery;

/// <summary>A step that failed or timed out, as a webhook receiver sees it.</summary>
public sealed record WebhookFailedStep(string Id, string Status, int Attempts, int? ExitCode, string? Reason);
