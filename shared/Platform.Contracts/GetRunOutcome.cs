namespace Platform.Contracts;

/// <summary>
/// A request to any Coordinator: how does this run stand? A client that may have missed the run's end
/// (its queue was gone during a broker restart) asks, and gets a <see cref="RunOutcome"/>. With
/// <see cref="Lookup"/>, the run is the one that text names in the Coordinator's store — its id, its
/// <c>--run-id</c> name or a unique start of its id, as <c>cancel</c>, <c>watch</c>, <c>logs</c> and
/// <c>approve</c> take them over <c>--broker</c> — and the answer carries its id (<see cref="RunId"/> is then
/// what the text means as a name, for a Coordinator that predates the lookup).
/// </summary>
public sealed record GetRunOutcome(Guid RunId, string? Lookup = null);
