namespace Platform.Executor.Processes;

/// <summary>A child that ended: its exit code (128 + signal if killed) and, when it was measured, its usage.</summary>
public sealed record ReapedChild(int ExitCode, ReapedUsage? Usage);
