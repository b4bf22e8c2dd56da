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

    /// <summary>
    /// Where runs are kept: a SQLite file, <c>mongodb://…</c>, or <c>memory</c> (lost with the process);
    /// also <c>--store</c>. Empty (the default): <c>runs.db</c> in <see cref="DataFolder"/>, so a
    /// restarted Coordinator finds its runs.
    /// </summary>
    public string Store { get; set; } = "";

    /// <summary>
    /// The Coordinator's own files: <c>$XDG_DATA_HOME/platform/coordinator</c>, else
    /// <c>~/.local/share/platform/coordinator</c>; also <c>Coordinator__DataFolder</c>.
    /// </summary>
    public string DataFolder { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create) is { Length: > 0 } data
            ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"),
        "platform", "coordinator");

    /// <summary>The store to open: <see cref="Store"/>, or the SQLite file in <see cref="DataFolder"/> when none is named.</summary>
    public string StoreLocation => string.IsNullOrWhiteSpace(Store) ? Path.Combine(DataFolder, "runs.db") : Store;

    /// <summary>How often gathered step status changes are published as RunProgressed.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// After a restart, how long an attempt that was dispatched but not reported started is given to
    /// report (it may be running, or queued for a free executor) before it is dispatched again.
    /// </summary>
    public TimeSpan RecoveryStartGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many steps in one run, forEach items included (<c>Coordinator:MaxStepsPerRun</c>).</summary>
    public int MaxStepsPerRun { get; set; } = EngineState.DefaultMaxSteps;
    /// <summary>
    /// An attempt an executor took is lost when no heartbeat (nor its StepStarted) has vouched for it
    /// this long: its executor died or was cut off. It then runs again as a new attempt. Keep it several
    /// times the executors' <c>Executor:HeartbeatInterval</c>.
    /// </summary>
    public TimeSpan AttemptLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a replica's claim on the runs it drives lasts without renewal (renewed every third of
    /// it): a replica that dies has its runs taken over by another within this time.
    /// </summary>
    public TimeSpan RunLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Each step attempt's output is kept up to this many bytes: its first half as it came, then the
    /// newest, with a marker counting what was cut between (<c>Coordinator:MaxLogBytesPerAttempt</c>).
    /// </summary>
    public long MaxLogBytesPerAttempt { get; set; } = 1024 * 1024;

    /// <summary>How often the store's command inbox (cancel, approve from another process) is read.</summary>
    public TimeSpan CommandPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
