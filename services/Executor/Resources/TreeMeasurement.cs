using System.Diagnostics;
using Platform.Contracts;
using Platform.Executor.Processes;

namespace Platform.Executor.Resources;

/// <summary>
/// One attempt measured by <see cref="ProcessTreeMeter"/>. Two lower bounds of the truth, the larger
/// one wins figure by figure:
/// <list type="bullet">
/// <item>exact: the leader's rusage and io (its whole waited-for tree) plus the last figures of every
/// process seen orphaned out of the tree (whose usage goes to init, never to the leader);</item>
/// <item>sampled: at a scan, every live process of the attempt's own + waited-for children's figures,
/// plus the last figures of orphans seen earlier and gone since. This is what keeps a killed tree's
/// usage: when a cancel kills the group, the leader may die before reaping its children.</item>
/// </list>
/// </summary>
internal sealed class TreeMeasurement(ProcessTreeMeter meter, string tag) : IAttemptMeasurement
{
    readonly Lock _gate = new();
    readonly long _began = Stopwatch.GetTimestamp();
    readonly Dictionary<(int Pid, long Start), Figures> _escaped = [];
    Figures _sampled = Figures.Zero;
    long _sampledPeak;

    public string Tag => tag;

    public TimeSpan Age => Stopwatch.GetElapsedTime(_began);

    /// <summary>When the attempt began, in clock ticks since boot (as /proc/PID/stat's starttime): none of its processes started before.</summary>
    public long StartTicks { get; } = ProcStat.TicksSinceBoot() - 1;

    /// <summary>The leader's pid, the id of the step's process group; 0 until attached.</summary>
    public int LeaderPid { get; private set; }

    public T Spawn<T>(Func<T> start) => start();

    public void Attach(int leaderPid) => LeaderPid = leaderPid;

    public void SampleBeforeKill(bool killing) => meter.SampleNow(this, killing);

    /// <summary>A scan found these live processes of the attempt (the leader's parent is the Executor).</summary>
    /// <param name="complete">False when the scan may have missed some of the tree (it read no environments): then no
    /// process is taken for an orphan, since its parent may be one of those missed.</param>
    public void Observe(IReadOnlyList<(int Pid, ProcStat Stat)> processes, int executorPid, long ticksPerSecond, bool complete)
    {
        lock (_gate)
        {
            ObserveLocked(processes, executorPid, ticksPerSecond, complete);
        }
    }

    void ObserveLocked(IReadOnlyList<(int Pid, ProcStat Stat)> processes, int executorPid, long ticksPerSecond, bool complete)
    {
        var readAt = new Dictionary<int, int>(processes.Count); // pid → its place in the scan's order
        for (var i = 0; i < processes.Count; i++)
            readAt[processes[i].Pid] = i;
        var live = processes.Select(p => (p.Pid, p.Stat.StartTicks)).ToHashSet();
        var total = Figures.Zero;
        long resident = 0;
        long highest = 0; // one process's own high-water mark (VmHWM): exact for it, even between scans
        for (var i = 0; i < processes.Count; i++)
        {
            var (pid, stat) = processes[i];
            if (ReapedBeforeItsParentWasRead(pid, stat, i, readAt))
                continue;

            resident += stat.ResidentPages * Environment.SystemPageSize;
            highest = Math.Max(highest, ProcStat.ReadPeakResidentBytes(pid));
            var (read, written) = ChildReaper.ReadIo(pid);
            var figures = new Figures((double)(stat.UserTicks + stat.SystemTicks + stat.ChildUserTicks + stat.ChildSystemTicks) / ticksPerSecond, read, written);
            total = total.Plus(figures);
            if (complete && stat.ParentPid != executorPid && !readAt.ContainsKey(stat.ParentPid))
            {
                _escaped[(pid, stat.StartTicks)] = figures; // orphaned out of the tree
            }
        }

        foreach (var (key, figures) in _escaped)
        {
            if (!live.Contains(key))
                total = total.Plus(figures);
        }

        _sampled = _sampled.Max(total);
        _sampledPeak = Math.Max(_sampledPeak, Math.Max(resident, highest));
    }

    /// <summary>
    /// A scan reads /proc in pid order, so after pids wrap a child can be read before its parent. If the parent reaped it
    /// in between, the parent's figures (read later) hold the child's in its waited-for children's: counting the child's
    /// own as well would count it twice. Such a child, gone when looked at again, is left out (the parent's figures may or
    /// may not hold it: a lower bound, as every sample is).
    /// </summary>
    static bool ReapedBeforeItsParentWasRead(int pid, ProcStat stat, int index, Dictionary<int, int> readAt) =>
        readAt.TryGetValue(stat.ParentPid, out var parentIndex) && parentIndex > index
        && ProcStat.Read(pid)?.StartTicks != stat.StartTicks;

    public ResourceUsage? SoFar()
    {
        lock (_gate)
        {
            return _sampledPeak == 0 && _escaped.Count == 0 ? null : Total(null);
        }
    }

    public ResourceUsage? Complete(ReapedUsage? leader)
    {
        meter.Finish(this);
        lock (_gate)
        {
            return Total(leader);
        }
    }

    ResourceUsage? Total(ReapedUsage? leader)
    {
        if (leader is null && _sampledPeak == 0 && _escaped.Count == 0)
            return null;

        var exact = _escaped.Values.Aggregate(
            leader is null ? Figures.Zero : new Figures(leader.CpuSeconds, leader.ReadBytes, leader.WrittenBytes), (sum, f) => sum.Plus(f));
        var best = exact.Max(_sampled);
        var peak = leader?.MaxResidentBytes is { } leaderPeak ? Math.Max(leaderPeak, _sampledPeak) : _sampledPeak > 0 ? _sampledPeak : (long?)null;
        return new ResourceUsage(best.CpuSeconds, peak, best.ReadBytes, best.WrittenBytes);
    }

    public void Dispose() => _ = meter.Forget(this);

    readonly record struct Figures(double CpuSeconds, long ReadBytes, long WrittenBytes)
    {
        public static readonly Figures Zero = new(0, 0, 0);

        public Figures Plus(Figures o) => new(CpuSeconds + o.CpuSeconds, ReadBytes + o.ReadBytes, WrittenBytes + o.WrittenBytes);

        public Figures Max(Figures o) => new(Math.Max(CpuSeconds, o.CpuSeconds), Math.Max(ReadBytes, o.ReadBytes), Math.Max(WrittenBytes, o.WrittenBytes));
    }
}
