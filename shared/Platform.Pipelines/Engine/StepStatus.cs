namespace Platform.Pipelines.Engine;

/// <summary>Statuses of steps and groups (docs/pipelines.md); the last five (from Succeeded) are terminal.</summary>
public enum StepStatus
{
    Pending,
    Queued,
    Running,

    /// <summary>An approval step waiting for a decision: it holds no slot and runs nothing.</summary>
    Waiting,
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
    Skipped,
}

public enum RunStatus
{
    Pending,
    Running,

    /// <summary>An approval step waiting for a decision: it holds no slot and runs nothing.</summary>
    Waiting,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>Waiting for a place in its concurrency group (<c>runs:</c>); nothing of it has started.</summary>
    Queued,
}

public static class StatusNames
{
    public static bool IsTerminal(this StepStatus s) => s >= StepStatus.Succeeded;

    /// <summary>The run has ended: nothing of it runs any more, nothing more is stored.</summary>
    public static bool IsFinished(this RunStatus s) => s is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>The spelling used in reports, templates and messages: "timed-out", "succeeded".</summary>
    public static string ToWire(this StepStatus s) => s switch
    {
        StepStatus.TimedOut => "timed-out",
        _ => s.ToString().ToLowerInvariant(),
    };

    public static string ToWire(this RunStatus s) => s.ToString().ToLowerInvariant();

    public static StepStatus ParseStepStatus(string wire) =>
        wire == "timed-out" ? StepStatus.TimedOut : Enum.Parse<StepStatus>(wire, ignoreCase: true);

    public static RunStatus ParseRunStatus(string wire) => Enum.Parse<RunStatus>(wire, ignoreCase: true);

    /// <summary>"step" or "group", as reports spell it.</summary>
    public static string ToWire(this NodeKind kind) => kind == NodeKind.Group ? "group" : "step";

    /// <summary>A report row's kind; rows from before groups were reported are steps.</summary>
    public static NodeKind ParseNodeKind(string? wire) => wire == "group" ? NodeKind.Group : NodeKind.Step;
}
