namespace Platform.Pipelines.Engine;

/// <summary>
/// Someone decided an approval step: approved, it succeeds; rejected, it fails with the comment as its
/// reason. Ignored unless the step is waiting and <see cref="By"/> may decide it (<see cref="ApprovalCheck"/>).
/// </summary>
public sealed record ApprovalDecided(DateTimeOffset At, string StepId, bool Approved, string By, string? Comment) : RunEvent(At);
