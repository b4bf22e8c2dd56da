namespace Platform.Contracts;

/// <summary>On an approval step's report row: <see cref="Decision"/> ("approved" or "rejected"), by whom and when.</summary>
public sealed record ApprovalReport(string Decision, string By, DateTimeOffset At, string? Comment);
