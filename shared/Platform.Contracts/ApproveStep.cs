namespace Platform.Contracts;

/// <summary>
/// Someone decides a waiting approval step (<c>./platform approve RUN STEP [--reject]</c>): approved, the
/// step succeeds; rejected, it fails with <see cref="Comment"/> as its reason. <see cref="By"/> is who
/// decided (checked against the step's <c>approvers</c>); <see cref="At"/> is when they sent it (the
/// report records when the Coordinator applied it). The Coordinator answers with <see cref="ApprovalAnswered"/>.
/// </summary>
public sealed record ApproveStep(Guid RunId, string StepId, bool Approve, string By, string? Comment, DateTimeOffset At);
