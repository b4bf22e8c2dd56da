namespace Platform.Pipelines.Engine;

/// <summary>Every lock node <see cref="NodeId"/> asked for is now held by it: the node starts.</summary>
public sealed record LocksGranted(DateTimeOffset At, string NodeId) : RunEvent(At);
