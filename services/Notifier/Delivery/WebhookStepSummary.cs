namespace Platform.Notifier.Delivery;

/// <summary>The <c>steps</c> part of a webhook body: counts, and the failed steps (at most 20).</summary>
public sealed record WebhookStepSummary(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyList<WebhookFailedStep> Failed);
