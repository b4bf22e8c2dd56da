namespace Platform.Contracts;

/// <summary><see cref="Path"/>, relative to the run's directory, was changed differently by branches <see cref="First"/> and <see cref="Second"/>.</summary>
public sealed record WorkspaceConflict(string Path, string First, string Second);
