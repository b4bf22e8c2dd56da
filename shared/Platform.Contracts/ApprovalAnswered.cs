namespace Platform.Contracts;

/// <summary>
/// The Coordinator's answer to <see cref="ApproveStep"/>: <see cref="Applied"/>, or refused with the reason
/// in <see cref="Message"/> (the run ended, the step is not waiting, the sender is not an approver).
/// </summary>
public sealed record ApprovalAnswered(Guid RunId, string StepId, bool Applied, string Message);
