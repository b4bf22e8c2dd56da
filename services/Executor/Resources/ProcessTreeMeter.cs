using System.Globalization;
using System.Text;
using Platform.ServiceDefaults;

namespace Platform.Executor.Resources;

/// <summary>
/// Linux, without cgroups: exact where the kernel keeps the figures, sampled where it cannot.
/// <list type="bullet">
/// <item>Exact: the leader's wait4 rusage and its zombie's /proc/PID/io (read by
/// <see cref="Processes.ChildReaper"/>), which include every descendant that was waited for inside the
/// tree — a <c>setsid prog</c> the script waits for included, whatever its session.</item>
/// <item>Sampled: processes orphaned out of the tree — re-parented to init because their parent exited
/// (<c>setsid -f</c>, a daemon, a background job nobody waited for) — whose usage goes to init when they
/// die. Every step's processes carry <see cref="TagVariable"/> in their environment (as they carry the
/// guardian's token). From an attempt's <see cref="SampleInterval"/>-th millisecond, every interval and
/// once more at its end, /proc is scanned (see <see cref="TreeMeasurement"/> for what counts).</item>
/// </list>
/// One scan serves every running attempt; an attempt shorter than the interval costs no scan. Members
/// of the step's process group are known by their group id; other processes started since the attempt
/// began have their environment read once (cached by pid and start time).
/// </summary>
public sealed class ProcessTreeMeter : IResourceMeter, IDisposable
{
    /// <summary>Marks an attempt's processes; a process that clears its environment is not found (as with the guardian).</summary>
    public const string TagVariable = "PLATFORM_ATTEMPT_TAG";

    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(200);

    static readonly byte[] TagPrefix = Encoding.ASCII.GetBytes(TagVariable + "=");

    readonly Lock _gate = new(); // _running, _loop
    readonly Lock _scanGate = new(); // one scan at a time; _tags
    readonly string _prefix = Guid.NewGuid().ToString("N")[..12];
    readonly Dictionary<string, TreeMeasurement> _running = new(StringComparer.Ordinal);
    readonly Dictionary<(int Pid, long Start), string?> _tags = [];
    readonly int _executorPid = Environment.ProcessId;
    readonly CancellationTokenSource _stop = new();
    long _next;
    Task? _loop;

    public bool MeasuresProcesses => true;

    public IAttemptMeasurement Begin(IDictionary<string, string> environment)
    {
        var tag = string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{Interlocked.Increment(ref _next)}");
        environment[TagVariable] = tag;
        var measurement = new TreeMeasurement(this, tag);
        lock (_gate)
        {
            _running[tag] = measurement;
            _loop ??= Task.Run(SampleLoopAsync);
        }

        return measurement;
    }

    async Task SampleLoopAsync()
    {
        using var timer = new PeriodicTimer(SampleInterval);
        using var ticksEnd = timer.StopOn(_stop.Token);
        try
        {
            while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
            {
                var since = MeasurementCost.Now();
                lock (_scanGate)
                {
                    List<TreeMeasurement> due;
                    lock (_gate)
                    {
                        due = [.. _running.Values.Where(m => m.Age >= SampleInterval && m.LeaderPid != 0)];
                    }

                    if (due.Count > 0)
                        Scan(due, cachedOnly: false);
                }

                MeasurementCost.Since(since);
            }
        }
        catch (OperationCanceledException)
        {
            // The Executor is stopping.
        }
    }

    /// <summary>
    /// Just before the group is killed: its members by group id, and processes already known to be the
    /// attempt's; no environment is read, so a kill is never held up.
    /// </summary>
    internal void SampleNow(TreeMeasurement measurement, bool killing)
    {
        if (!killing && measurement.Age < SampleInterval)
            return;

        lock (_scanGate)
        {
            if (IsRunning(measurement))
                Scan([measurement], cachedOnly: true);
        }
    }

    /// <summary>The attempt ended: one last scan if it ran long enough to be sampled.</summary>
    internal void Finish(TreeMeasurement measurement)
    {
        if (!Forget(measurement) || measurement.Age < SampleInterval)
            return;

        lock (_scanGate)
        {
            Scan([measurement], cachedOnly: false);
        }
    }

    internal bool Forget(TreeMeasurement measurement)
    {
        lock (_gate)
        {
            return _running.Remove(measurement.Tag);
        }
    }

    bool IsRunning(TreeMeasurement measurement)
    {
        lock (_gate)
        {
            return _running.ContainsKey(measurement.Tag);
        }
    }

    /// <summary>One pass over /proc for <paramref name="attempts"/>; only processes started since the oldest of them began are looked at.</summary>
    void Scan(IReadOnlyCollection<TreeMeasurement> attempts, bool cachedOnly)
    {
        var byTag = attempts.ToDictionary(a => a.Tag, StringComparer.Ordinal);
        var byGroup = attempts.Where(a => a.LeaderPid != 0).ToDictionary(a => a.LeaderPid);
        var oldest = attempts.Min(a => a.StartTicks);
        var found = new Dictionary<TreeMeasurement, List<(int Pid, ProcStat Stat)>>();
        var seen = new HashSet<(int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ProcStat.Read(pid) is not { } stat
                || stat.StartTicks < oldest)
                continue;

            var key = (pid, stat.StartTicks);
            seen.Add(key);
            if (!byGroup.TryGetValue(stat.GroupId, out var owner))
            {
                if (!_tags.TryGetValue(key, out var tag) && !cachedOnly)
                    _tags[key] = tag = ReadTag(pid);
                if (tag is null || !byTag.TryGetValue(tag, out owner))
                    continue;
            }

            if (!found.TryGetValue(owner, out var list))
                found[owner] = list = [];
            list.Add((pid, stat));
        }

        if (!cachedOnly)
        {
            foreach (var key in _tags.Keys.Where(k => !seen.Contains(k)).ToList())
                _tags.Remove(key);
        }

        foreach (var (owner, processes) in found)
            owner.Observe(processes, _executorPid, ProcStat.TicksPerSecond, complete: !cachedOnly);
    }

    /// <summary>The attempt tag in a process's environment, or null (not a step's, gone, or not ours to read).</summary>
    static string? ReadTag(int pid)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var span = environ.AsSpan();
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)0);
            var entry = end < 0 ? span : span[..end];
            if (entry.StartsWith(TagPrefix))
                return Encoding.ASCII.GetString(entry[TagPrefix.Length..]);
            span = end < 0 ? [] : span[(end + 1)..];
        }

        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
