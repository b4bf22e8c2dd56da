namespace Platform.Contracts;

/// <summary>
/// A run resumed after its locks' lease ran out finds the grant of node <see cref="NodeId"/> gone (the
/// lock may have another holder now): the node is stopped rather than run unguarded.
/// </summary>
public sealed record RunLocksLost(Guid RunId, string NodeId, string Reason);
