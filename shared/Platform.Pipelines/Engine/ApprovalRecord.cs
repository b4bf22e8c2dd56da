namespace Platform.Pipelines.Engine;

/// <summary>Who decided an approval step, how and when, for the report.</summary>
public sealed record ApprovalRecord(bool Approved, string By, DateTimeOffset At, string? Comment)
{
    /// <summary>"approved" or "rejected", as reports spell it.</summary>
    public string Decision => Approved ? "approved" : "rejected";
}
