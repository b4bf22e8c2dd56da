using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Platform.Executor.Processes;

namespace Platform.Executor.Resources;

/// <summary>
/// Linux with the cgroup v1 <c>memory</c> and <c>cpuacct</c> controllers writable (as root, usually):
/// each attempt runs in a cgroup of its own in both, made under the Executor's own, so CPU time
/// (<c>cpuacct.usage</c>) and peak memory (<c>memory.max_usage_in_bytes</c>) are the kernel's exact
/// figures for every process that ever ran in it — orphans, daemons and killed trees included, nothing
/// sampled. A process cannot leave its cgroup by leaving its process group or session.
/// <para>
/// The step's first process is started in the cgroup: the spawning thread moves itself into the
/// attempt's cgroups (v1 <c>tasks</c> take a thread id), spawns, and moves back, so not even the first
/// instruction of the step runs outside. Bytes read and written come from the
/// <see cref="ProcessTreeMeter"/> this wraps (exact for the waited-for tree, sampled for orphans).
/// </para>
/// An attempt's cgroups are removed when it ends, or later if processes it left behind still live;
/// cgroups of an Executor that died are removed by the next one to start on the host.
/// </summary>
public sealed class CgroupMeter : IResourceMeter, IDisposable
{
    private const string Prefix = "platform-executor-";

    private readonly ProcessTreeMeter _tree;
    private readonly CgroupHierarchy _home;
    private readonly string _memoryRoot;
    private readonly string _cpuRoot;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<(string Memory, string Cpu)> _undeleted = new();
    private long _next;
    private int _warned;

    private CgroupMeter(ProcessTreeMeter tree, CgroupHierarchy home, string name, ILogger logger)
    {
        _tree = tree;
        _home = home;
        _memoryRoot = Path.Combine(home.Memory, name);
        _cpuRoot = Path.Combine(home.CpuAccounting, name);
        _logger = logger;
    }

    public bool MeasuresProcesses => true;

    /// <summary>Attempts' cgroups of this meter that exist now (in the memory hierarchy).</summary>
    internal int ExistingCgroups => Directory.Exists(_memoryRoot) ? Directory.EnumerateDirectories(_memoryRoot).Count() : 0;

    /// <summary>The meter, or null (and why, logged) where cgroups cannot be used: then the caller falls back to <see cref="ProcessTreeMeter"/>.</summary>
    public static CgroupMeter? TryCreate(ProcessTreeMeter tree, ILogger logger)
    {
        if (CgroupHierarchy.OfThisProcess() is not { } home)
        {
            logger.LogInformation("Resource use is measured without cgroups: no cgroup v1 memory and cpuacct hierarchies here");
            return null;
        }

        RemoveLeftovers(home, logger);
        var self = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{ProcStat.Read(Environment.ProcessId)?.StartTicks ?? 0}-{Guid.NewGuid().ToString("N")[..8]}");
        var meter = new CgroupMeter(tree, home, self, logger);
        try
        {
            // A trial: make an attempt's cgroups, step this thread in and out, remove them.
            var (memory, cpu) = meter.Create();
            meter.Enter(memory, cpu);
            meter.Leave();
            Directory.Delete(memory);
            Directory.Delete(cpu);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogInformation("Resource use is measured without cgroups: {Error}", e.Message);
            TryDelete(meter._memoryRoot, meter._cpuRoot);
            return null;
        }

        logger.LogInformation("Resource use is measured with a cgroup per attempt under {Memory} and {Cpu}", meter._memoryRoot, meter._cpuRoot);
        return meter;
    }

    public IAttemptMeasurement Begin(IDictionary<string, string> environment)
    {
        RetryDeletes();
        var inner = _tree.Begin(environment);
        try
        {
            var (memory, cpu) = Create();
            return new CgroupMeasurement(this, inner, memory, cpu);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Said once: a host out of cgroups (the kernel keeps a removed memory cgroup while page cache it
            // charged lives, up to its limit of 65,535) would otherwise say it for every step.
            _logger.Log(Interlocked.Exchange(ref _warned, 1) == 0 ? LogLevel.Warning : LogLevel.Debug,
                "Attempts are measured without a cgroup while one cannot be made: {Error}", e.Message);
            return inner;
        }
    }

    private (string Memory, string Cpu) Create()
    {
        var name = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        var memory = Path.Combine(_memoryRoot, name);
        var cpu = Path.Combine(_cpuRoot, name);
        Directory.CreateDirectory(memory);
        Directory.CreateDirectory(cpu);
        return (memory, cpu);
    }

    /// <summary>Moves the calling thread into the attempt's cgroups: what it starts now starts inside.</summary>
    internal void Enter(string memory, string cpu)
    {
        var thread = NativeMethods.GetThreadId();
        Write(Path.Combine(memory, "tasks"), thread);
        Write(Path.Combine(cpu, "tasks"), thread);
    }

    /// <summary>Moves the calling thread back where the Executor runs.</summary>
    internal void Leave()
    {
        var thread = NativeMethods.GetThreadId();
        Write(Path.Combine(_home.Memory, "tasks"), thread);
        Write(Path.Combine(_home.CpuAccounting, "tasks"), thread);
    }

    /// <summary><see cref="Enter"/>, or false (the thread back home, the reason logged) when it cannot be done.</summary>
    internal bool TryEnter(string memory, string cpu)
    {
        try
        {
            Enter(memory, cpu);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("An attempt is measured without its cgroup: {Error}", e.Message);
            TryLeave();
            return false;
        }
    }

    /// <summary><see cref="Leave"/>, never throwing: the step has started by then and must not be lost to a cgroup's error.</summary>
    internal void TryLeave()
    {
        try
        {
            Leave();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("A thread of the Executor could not leave an attempt's cgroup: {Error}", e.Message);
        }
    }

    /// <summary>Removes an attempt's cgroups, or keeps them to try again while a process it left behind lives.</summary>
    internal void Delete(string memory, string cpu)
    {
        if (!TryDelete(memory, cpu))
            _undeleted.Enqueue((memory, cpu));
    }

    private void RetryDeletes()
    {
        for (var n = _undeleted.Count; n > 0 && _undeleted.TryDequeue(out var left); n--)
            Delete(left.Memory, left.Cpu);
    }

    private static bool TryDelete(params string[] directories)
    {
        var all = true;
        foreach (var directory in directories)
        {
            try
            {
                if (Directory.Exists(directory))
                    Directory.Delete(directory); // rmdir: a cgroup's files are not files
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                all = false; // busy: a process still lives in it
            }
        }

        return all;
    }

    /// <summary>The cgroups of Executors whose process is gone (kill -9, a crash) and that hold no process any more.</summary>
    private static void RemoveLeftovers(CgroupHierarchy home, ILogger logger)
    {
        foreach (var root in new[] { home.Memory, home.CpuAccounting })
        {
            foreach (var executor in Directory.EnumerateDirectories(root, Prefix + "*"))
            {
                var id = Path.GetFileName(executor)[Prefix.Length..].Split('-');
                if (id.Length == 3 && int.TryParse(id[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && ProcStat.Read(pid) is { } stat && stat.StartTicks.ToString(CultureInfo.InvariantCulture) == id[1])
                    continue; // a living Executor's

                if (!TryDelete([.. Directory.EnumerateDirectories(executor), executor]))
                    logger.LogWarning("The cgroup {Cgroup} of an Executor that is gone still holds processes: left in place", executor);
            }
        }
    }

    private static void Write(string path, int value)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        Span<byte> text = stackalloc byte[16];
        value.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture);
        RandomAccess.Write(handle, text[..length], 0);
    }

    public void Dispose()
    {
        _tree.Dispose();
        RetryDeletes();
        TryDelete(_memoryRoot, _cpuRoot);
    }
}
