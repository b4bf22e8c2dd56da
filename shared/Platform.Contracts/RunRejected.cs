namespace Platform.Contracts;

/// <summary>The submitted pipeline or inputs were invalid; each error is `FILE:LINE:COL: error: MESSAGE`.</summary>
public sealed record RunRejected(Guid RunId, IReadOnlyList<string> Errors);
