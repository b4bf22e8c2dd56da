using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;

namespace Platform.Coordinator.Running;

/// <summary>Between the engine's events and decisions and the messages on the bus.</summary>
internal static class MessageMapper
{
    /// <summary>
    /// The engine events a message stands for: none, one, or for a short step reported once (its result
    /// carries <c>StartedAt</c>), its start and then its end.
    /// </summary>
    public static IReadOnlyList<RunEvent> ToEvents(object message, DateTimeOffset now) => message switch
    {
        StepStarted m => [new AttemptStarted(m.At, m.StepId, m.Attempt)],
        StepSucceeded m => WithStart(m.StartedAt, m.StepId, m.Attempt, new AttemptSucceeded(m.At, m.StepId, m.Attempt, m.ExitCode, m.Outputs, ToUse(m.Resources),
            m.Artifacts is { Count: > 0 } a ? [.. a.Select(r => new ArtifactRecord(r.Path, r.Digest, r.Size, r.StepId, r.Attempt))] : null,
            m.LayerUnchanged)),
        StepFailed { TimedOut: true } m => WithStart(m.StartedAt, m.StepId, m.Attempt, new AttemptTimedOut(m.At, m.StepId, m.Attempt, ToUse(m.Resources))),
        StepFailed m => WithStart(m.StartedAt, m.StepId, m.Attempt, new AttemptFailed(m.At, m.StepId, m.Attempt, m.ExitCode, m.Error, ToUse(m.Resources))),
        StepCancelled m => WithStart(m.StartedAt, m.StepId, m.Attempt, new AttemptCancelled(m.At, m.StepId, m.Attempt, ToUse(m.Resources))),
        // In the order they ended (a stable sort keeps each start before its end).
        AttemptsReported m => [.. m.Succeeded.Cast<object>().Concat(m.Failed).Concat(m.Cancelled)
            .SelectMany(r => ToEvents(r, now)).OrderBy(e => e is AttemptStarted ? DateTimeOffset.MinValue : e.At)],
        CancelRun m => [new CancelRequested(now, m.Reason)],
        AttemptLeaseExpired m => [new AttemptLost(now, m.StepId, m.Attempt, m.Reason)],
        // Applied at the Coordinator's time, so a step never ends before it began on another clock.
        ApproveStep m => [new ApprovalDecided(now, m.StepId, m.Approve, m.By, m.Comment)],
        RunLocksGranted m => [new LocksGranted(now, m.NodeId)],
        RunLocksLost m => [new LocksLost(now, m.NodeId, m.Reason)],
        RunLocksRefused m => [new LocksRefused(now, m.NodeId, m.Reason)],
        WorkspaceLayersMerged m => [new LayersMerged(now, m.GroupId, [.. m.Conflicts.Select(c => new LayerConflict(c.Path, c.First, c.Second))], m.Error, m.Branch)],
        RunTimerDue m when Enum.TryParse<TimerKind>(m.Kind, out var kind) => [new TimerFired(now, new TimerKey(kind, m.NodeId, m.Attempt))],
        _ => [],
    };

    /// <summary>What the attempt ended by <paramref name="e"/> used, when <paramref name="e"/> ends an attempt of <paramref name="stepId"/>.</summary>
    public static ResourceUsage? ResourcesOf(RunEvent e, string stepId) => e switch
    {
        AttemptSucceeded m when m.StepId == stepId => ToUsage(m.Resources),
        AttemptFailed m when m.StepId == stepId => ToUsage(m.Resources),
        AttemptTimedOut m when m.StepId == stepId => ToUsage(m.Resources),
        AttemptCancelled m when m.StepId == stepId => ToUsage(m.Resources),
        _ => null,
    };

    private static ResourceUse? ToUse(ResourceUsage? r) => r is null ? null : new(r.CpuSeconds, r.PeakMemoryBytes, r.ReadBytes, r.WrittenBytes);

    private static ResourceUsage? ToUsage(ResourceUse? r) => r is null ? null : new(r.CpuSeconds, r.PeakMemoryBytes, r.ReadBytes, r.WrittenBytes);

    private static RunEvent[] WithStart(DateTimeOffset? startedAt, string stepId, int attempt, RunEvent end) =>
        startedAt is { } at ? [new AttemptStarted(at, stepId, attempt), end] : [end];

    /// <summary>The end of each reported step's output, by step id.</summary>
    public static IReadOnlyDictionary<string, string?> LogTails(object message) => message switch
    {
        StepSucceeded m => new Dictionary<string, string?> { [m.StepId] = m.LogTail },
        StepFailed m => new Dictionary<string, string?> { [m.StepId] = m.LogTail },
        AttemptsReported m => m.Succeeded.Select(r => (r.StepId, r.LogTail)).Concat(m.Failed.Select(r => (r.StepId, r.LogTail)))
            .GroupBy(r => r.StepId).ToDictionary(g => g.Key, g => g.Last().LogTail),
        _ => new Dictionary<string, string?>(),
    };

    /// <param name="secrets">The run's secrets: a run step gets them as environment variables.</param>
    public static ExecuteStep ToExecuteStep(Guid runId, StartAttempt start, IReadOnlyDictionary<string, string>? secrets = null) => start.Action switch
    {
        ResolvedRun run => new ExecuteStep(runId, start.StepId, start.Attempt, run.Commands, null, null, start.Env, start.Workdir, Milliseconds(start.Timeout),
            secrets is { Count: > 0 } ? secrets : null, start.Layers, start.Artifacts.Count > 0 ? start.Artifacts : null, ToRefs(start.Inputs), start.DetachedLayers),
        ResolvedSleep sleep => new ExecuteStep(runId, start.StepId, start.Attempt, null, (long)sleep.Duration.TotalMilliseconds, null, start.Env, start.Workdir, Milliseconds(start.Timeout)),
        ResolvedHttp http => new ExecuteStep(runId, start.StepId, start.Attempt, null, null,
            new HttpRequestSpec(http.Url, http.Method, http.Headers, http.Body, http.Expect), start.Env, start.Workdir, Milliseconds(start.Timeout)),
        _ => throw new InvalidOperationException($"unknown action {start.Action.GetType().Name}"),
    };

    private static IReadOnlyList<ArtifactRef>? ToRefs(IReadOnlyList<ArtifactRecord> artifacts) =>
        artifacts.Count > 0 ? [.. artifacts.Select(a => new ArtifactRef(a.Path, a.Digest, a.Size, a.StepId, a.Attempt))] : null;

    /// <summary>An isolated group's merge, for the Executor that holds its layers.</summary>
    public static MergeWorkspaceLayers ToMergeCommand(Guid runId, MergeLayers merge) =>
        new(runId, merge.GroupId, merge.Into, [.. merge.Merge.Select(b => new WorkspaceBranch(b.Layer, b.Name))], merge.Discard, merge.OnConflict.ToWire(), merge.Branch);

    /// <summary>Rows per <see cref="RunReportPage"/>: a report longer than this comes in pages.</summary>
    public const int ReportPageRows = 1_000;

    /// <summary>The run's end, and the pages its report needs when it is longer than one page (published first).</summary>
    public static (IReadOnlyList<RunReportPage> Pages, RunFinished Finished) ToRunFinished(Guid runId, RunReport report, PipelineDefinition pipeline, DateTimeOffset submittedAt)
    {
        var rows = report.Steps.Select(s => new StepReport(s.Id, s.Status.ToWire(), s.StartedAt, s.FinishedAt, s.Attempts, s.ExitCode, s.Outputs, s.Reason,
            s.Name, s.Kind.ToWire(), s.Parent, s.Item, ToUsage(s.Resources),
            s.AttemptResources.Count > 0 ? [.. s.AttemptResources.Select(ToUsage)] : null,
            s.Approval is { } a ? new ApprovalReport(a.Decision, a.By, a.At, a.Comment) : null, s.ReusedFrom, ToRefs(s.Artifacts))).ToList();
        var counts = report.StepRows.GroupBy(s => s.Status.ToWire()).ToDictionary(g => g.Key, g => g.Count());
        var paged = rows.Count > ReportPageRows;
        var pages = paged
            ? rows.Chunk(ReportPageRows).Select((chunk, i) => new RunReportPage(runId, i, (rows.Count + ReportPageRows - 1) / ReportPageRows, chunk)).ToList()
            : [];
        var finished = new RunFinished(
            runId,
            report.Pipeline,
            report.Status.ToWire(),
            report.StartedAt ?? submittedAt,
            report.FinishedAt ?? submittedAt,
            paged ? [] : rows,
            pipeline.Notify.Select(n => new NotifyTarget(
                n.On.Select(o => o.ToString().ToLowerInvariant()).ToList(), n.Webhook, n.Email, n.Log)).ToList(),
            pages.Count,
            counts,
            report.ConcurrencyCap,
            report.Name,
            [.. rows.Where(r => r.Kind == "step" && r.Status is "failed" or "timed-out").Take(20)],
            report.RerunOf);
        return (pages, finished);
    }

    /// <summary>The successes a re-run takes over, as the engine wants them (null when the submission is no re-run).</summary>
    public static IReadOnlyDictionary<string, ReusedOutcome>? ToReused(SubmitRun message) =>
        message.RerunOf is null ? null
        : (message.Reused ?? []).ToDictionary(r => r.StepId, r => new ReusedOutcome(r.Outputs, r.ExitCode), StringComparer.Ordinal);

    private static long? Milliseconds(TimeSpan? t) => t is { } v ? (long)v.TotalMilliseconds : null;
}
