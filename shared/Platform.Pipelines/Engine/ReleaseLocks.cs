namespace Platform.Pipelines.Engine;

/// <summary>The node ended (in any way) or stopped waiting: give back its locks, or its place in their queues.</summary>
public sealed record ReleaseLocks(string NodeId) : Decision;
