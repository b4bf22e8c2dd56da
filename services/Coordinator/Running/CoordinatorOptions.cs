using Platform.Pipelines.Engine;

namespace Platform.Coordinator.Running;

/// <summary>Settings of the Coordinator; bound from the <c>Coordinator</c> configuration section.</summary>
public sealed class CoordinatorOptions
{
    public const string SectionName = "Coordinator";

    /// <summary>
    /// On start, resume every unfinished run in the store (a Coordinator restarted after a crash).
    /// The embedded CLI turns it off: it resumes one run, when asked.
    /// </summary>
    public bool RecoverOnStart { get; set; } = true;

    /// <summary>Where runs are kept: <c>memory</c>, <c>mongodb://…</c> or a SQLite file; also <c>--store</c>.</summary>
    public string Store { get; set; } = "memory";

    /// <summary>How often gathered step status changes are published as RunProgressed.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// After a restart, how long an attempt that was dispatched but not reported started is given to
    /// report (it may be running, or queued for a free executor) before it is dispatched again.
    /// </summary>
    public TimeSpan RecoveryStartGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many steps in one run, forEach items included (<c>Coordinator:MaxStepsPerRun</c>).</summary>
    public int MaxStepsPerRun { get; set; } = EngineState.DefaultMaxSteps;
}
