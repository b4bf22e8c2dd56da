namespace Platform.Contracts;

/// <summary>A branch's layer and the name a conflict gives it (its step's name, else its id).</summary>
public sealed record WorkspaceBranch(string Layer, string Name);
