namespace Platform.Contracts;

/// <summary>A `notify` entry: the outcomes it fires on and one destination.</summary>
public sealed record NotifyTarget(IReadOnlyList<string> On, string? Webhook, string? Email, string? Log);
