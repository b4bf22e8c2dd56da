namespace Platform.Contracts;

/// <summary>
/// A request to any Coordinator: how does this run stand? A client that may have missed the run's end
/// (its queue was gone during a broker restart) asks, and gets a <see cref="RunOutcome"/>.
/// </summary>
public sealed record GetRunOutcome(Guid RunId);
