namespace Platform.Executor;

/// <summary>Settings of one Executor process; bound from the <c>Executor</c> configuration section.</summary>
public sealed class ExecutorOptions
{
    public const string SectionName = "Executor";

    /// <summary>
    /// Measure each attempt's resource use (CPU, peak memory, bytes read and written: Resources/). Off
    /// only to compare its cost; attempts then report none.
    /// </summary>
    public bool MeasureResources { get; set; } = true;

    /// <summary>
    /// Measure each attempt in cgroups of its own (v1 <c>memory</c> and <c>cpuacct</c>, where this process
    /// may make them): exact CPU and peak memory including orphans, for 0.4–1.9 ms more per step (making
    /// and removing two cgroups; bench/results/resource-overhead.md). Off by default, and where they cannot
    /// be made: wait4 and /proc sampling only (docs/pipelines.md, "Resource use").
    /// </summary>
    public bool ResourceCgroups { get; set; }

    /// <summary>
    /// Count the CPU time spent measuring (Resources/MeasurementCost.cs) and write it to stderr when the
    /// Executor stops: how bench/resource-overhead shows what measuring costs. Off by default.
    /// </summary>
    public bool CountMeasurementCost { get; set; }

    /// <summary>How many attempts this process runs at once (consumer concurrency and broker prefetch).</summary>
    public int Slots { get; set; } = 16;

    /// <summary>Unique per process: names the cancel endpoint and appears as ExecutorId in StepStarted.</summary>
    public string InstanceId { get; set; } = CreateInstanceId();

    /// <summary>The last bytes of a step's combined stdout/stderr kept as its log.</summary>
    public int MaxLogBytes { get; set; } = 64 * 1024;

    /// <summary>A running step's output is sent to the Coordinator at least this often (live logs).</summary>
    public TimeSpan LogBatchInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>…or as soon as this much of it has gathered.</summary>
    public int LogBatchBytes { get; set; } = 64 * 1024;

    /// <summary>An http step's response body becomes the <c>body</c> output only up to this size.</summary>
    public int MaxHttpBodyOutputBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// Where per-attempt scratch files (the script, PLATFORM_OUTPUT) live, in a 0700 folder per Executor
    /// process; removed after each attempt, and after a crash when an Executor next starts.
    /// </summary>
    public string WorkRoot { get; set; } = Path.Combine(Path.GetTempPath(), "platform-executor");

    /// <summary>Working directory of steps without one, and the base of relative ones; null means the current directory.</summary>
    public string? DefaultWorkdir { get; set; }

    /// <summary>
    /// When set (a standalone Executor), each run gets a directory of its own here, <c>WorkspaceRoot/RUNID</c>,
    /// instead of <see cref="DefaultWorkdir"/>: removed when the run finishes, and leftovers when the Executor
    /// next starts (so one Executor process per WorkspaceRoot), unless <see cref="KeepWorkspace"/>.
    /// </summary>
    public string? WorkspaceRoot { get; set; }

    /// <summary>
    /// For debugging: keep each run's workspace under <see cref="WorkspaceRoot"/> after the run, the layers of
    /// isolated branches once merged (moved to <c>layers/RUN/kept/</c>) and the scratch folder when the Executor
    /// stops (its place logged). <c>./platform run --keep-workspace</c> sets it embedded.
    /// </summary>
    public bool KeepWorkspace { get; set; }

    /// <summary>
    /// Cap on the bytes of files in one run's workspace under <see cref="WorkspaceRoot"/>, checked when each
    /// of its steps ends here: a step that leaves it over the cap fails saying so. Null: no cap.
    /// </summary>
    public long? MaxWorkspaceBytes { get; set; }

    /// <summary>How isolated branches of parallel groups, races and forEach get their copy-on-write layers (Workspaces/); null: Off (see <see cref="Workspaces.BranchIsolation"/>).</summary>
    public Workspaces.BranchIsolation? Isolation { get; set; }

    /// <summary>Between SIGTERM and SIGKILL when a step's process group is killed.</summary>
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// StepStarted is told only once an attempt has run this long; a shorter one is reported by its
    /// result alone, which carries its start: one message and one Coordinator transaction fewer per
    /// short step. Zero tells every start at once.
    /// </summary>
    public TimeSpan StartReportDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Variables of the Executor's own environment that steps may see besides the documented base: names
    /// (<c>AWS_REGION</c>) or prefixes ending in * (<c>AWS_*</c>); entries may also be comma-separated.
    /// Empty by default: a step never sees the broker URL or anything else the Executor holds.
    /// </summary>
    public List<string> PassEnvironment { get; set; } = [];

    /// <summary>How many cancelled attempt ids are remembered so a late ExecuteStep for them never runs.</summary>
    public int CancelledAttemptMemory { get; set; } = 10_000;

    /// <summary>
    /// How often this executor tells the Coordinators which attempts it holds (one message for all of
    /// them). Keep it well under the Coordinators' <c>Coordinator:AttemptLease</c>.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a running step's resource use so far is published (<see cref="Contracts.StepResourcesSampled"/>)
    /// for progress lines: a step shorter than this publishes none. Zero or less: never.
    /// </summary>
    public TimeSpan ResourceProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One try at publishing a result; a try that times out (broker away) is made again.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Between tries at publishing a result the broker did not take.</summary>
    public TimeSpan RepublishInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>This process's own endpoint for CancelStep (every executor gets every cancel).</summary>
    public string CancelEndpointName => $"{ExecutorEndpointNames.CancelStepPrefix}-{InstanceId}";

    static string CreateInstanceId()
    {
        // Queue names allow [a-z0-9-_.]; machine names may hold anything else.
        var host = new string([.. Environment.MachineName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        return $"{host}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    }
}
