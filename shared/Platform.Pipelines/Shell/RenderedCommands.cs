namespace Platform.Pipelines.Shell;

/// <summary>A run step's commands with templates replaced by variable references, and those variables' values.</summary>
public sealed record RenderedCommands(IReadOnlyList<string> Commands, IReadOnlyDictionary<string, string> Values);
