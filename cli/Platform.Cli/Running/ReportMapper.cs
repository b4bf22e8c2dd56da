using Platform.Contracts;
using Platform.Pipelines.Engine;

namespace Platform.Cli.Running;

/// <summary>Turns the RunFinished message back into the report shape the CLI prints.</summary>
internal static class ReportMapper
{
    public static RunReport ToReport(RunFinished finished) => new(
        finished.RunId.ToString(),
        finished.PipelineId,
        Enum.Parse<RunStatus>(finished.Status, ignoreCase: true),
        finished.StartedAt,
        finished.FinishedAt,
        finished.Steps.Select(s => new StepRecord(
            s.Id, s.Name, StatusNames.ParseStepStatus(s.Status), s.StartedAt, s.FinishedAt, s.Attempts, s.ExitCode, s.Outputs, s.Reason)
        {
            Kind = StatusNames.ParseNodeKind(s.Kind),
            Parent = s.Parent,
            Item = s.Item,
            Resources = ToUse(s.Resources),
            AttemptResources = s.AttemptResources is { } perAttempt ? [.. perAttempt.Select(ToUse)] : [],
            Approval = s.Approval is { } a ? new ApprovalRecord(a.Decision == "approved", a.By, a.At, a.Comment) : null,
            ReusedFrom = s.ReusedFrom,
            Artifacts = s.Artifacts is { } stored ? [.. stored.Select(a => new ArtifactRecord(a.Path, a.Digest, a.Size, a.StepId, a.Attempt))] : [],
        }).ToList(),
        finished.Name)
    {
        ConcurrencyCap = finished.ConcurrencyCap,
        RerunOf = finished.RerunOf,
    };

    private static ResourceUse? ToUse(ResourceUsage? r) => r is null ? null : new(r.CpuSeconds, r.PeakMemoryBytes, r.ReadBytes, r.WrittenBytes);
}
