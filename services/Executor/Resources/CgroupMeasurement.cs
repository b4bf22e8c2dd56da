using Platform.Contracts;
using Platform.Executor.Processes;

namespace Platform.Executor.Resources;

/// <summary>
/// One attempt measured by <see cref="CgroupMeter"/>: CPU and peak memory from its cgroups (exact, for
/// every process that ran in them), bytes from the wrapped process-tree measurement. Each figure is the
/// larger of the two, as the cgroup's can only be the truer.
/// </summary>
internal sealed class CgroupMeasurement(CgroupMeter meter, IAttemptMeasurement tree, string memory, string cpu) : IAttemptMeasurement
{
    private int _deleted;

    public T Spawn<T>(Func<T> start)
    {
        if (!meter.TryEnter(memory, cpu))
            return tree.Spawn(start); // measured as without cgroups (the figures below still hold)

        try
        {
            return tree.Spawn(start);
        }
        finally
        {
            meter.TryLeave();
        }
    }

    public void Attach(int leaderPid) => tree.Attach(leaderPid);

    public void SampleBeforeKill(bool killing) => tree.SampleBeforeKill(killing);

    public ResourceUsage? SoFar() => Combine(tree.SoFar());

    public ResourceUsage? Complete(ReapedUsage? leader)
    {
        var figures = Combine(tree.Complete(leader));
        Delete();
        return figures;
    }

    private ResourceUsage? Combine(ResourceUsage? sampled)
    {
        var cpuSeconds = Read(Path.Combine(cpu, "cpuacct.usage")) / 1e9;
        var peak = Read(Path.Combine(memory, "memory.max_usage_in_bytes"));
        return new ResourceUsage(
            Math.Max(cpuSeconds, sampled?.CpuSeconds ?? 0),
            Math.Max(peak, sampled?.PeakMemoryBytes ?? 0) is var p && p > 0 ? p : null,
            sampled?.ReadBytes ?? 0,
            sampled?.WrittenBytes ?? 0);
    }

    /// <summary>A cgroup file's number; 0 when it cannot be read.</summary>
    private static long Read(string path)
    {
        Span<byte> text = stackalloc byte[32];
        var length = KernelFile.Read(path, text);
        return length < 0 ? 0 : KernelFile.Number(text[..length], []);
    }

    private void Delete()
    {
        if (Interlocked.Exchange(ref _deleted, 1) == 0)
            meter.Delete(memory, cpu);
    }

    public void Dispose()
    {
        tree.Dispose();
        Delete();
    }
}
