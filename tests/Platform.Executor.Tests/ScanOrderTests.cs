using Platform.Executor.Resources;

namespace Platform.Executor.Tests;

/// <summary>
/// A /proc scan reads in pid order, so once pids wrap a child can be read before its parent; if the parent reaps it in
/// between, the parent's waited-for figures already hold the child's. The sample must not count that child twice.
/// </summary>
public sealed class ScanOrderTests : IDisposable
{
    const int NoSuchPid = 4_194_305; // above the largest pid_max Linux allows: never a live process
    const int Parent = 4_194_306;

    readonly ProcessTreeMeter _meter = new();

    static ProcStat Stat(int parent, long ownTicks, long childTicks, long startTicks) =>
        new(parent, GroupId: 1, UserTicks: ownTicks, SystemTicks: 0, ChildUserTicks: childTicks, ChildSystemTicks: 0, startTicks, ResidentPages: 10);

    double Sampled(params (int Pid, ProcStat Stat)[] processes)
    {
        var measurement = new TreeMeasurement(_meter, "scan-order");
        measurement.Observe(processes, executorPid: 1, ticksPerSecond: 100, complete: true);
        return Assert.IsType<Platform.Contracts.ResourceUsage>(measurement.SoFar()).CpuSeconds;
    }

    [Fact]
    public void A_child_read_before_its_parent_and_reaped_since_is_counted_once()
    {
        // The child burned 1 s; the parent, read after reaping it, holds that second in its children's figures.
        var seconds = Sampled((NoSuchPid, Stat(Parent, 100, 0, 5)), (Parent, Stat(1, 0, 100, 4)));

        Assert.Equal(1.0, seconds, 3);
    }

    [Fact]
    public void A_child_read_before_its_parent_and_still_there_is_counted()
    {
        // Still alive when looked at again: the parent cannot have reaped it, so its second is its own to add.
        var self = Assert.NotNull(ProcStat.Read(Environment.ProcessId));
        var seconds = Sampled((Environment.ProcessId, self with { ParentPid = Parent, UserTicks = 100, SystemTicks = 0, ChildUserTicks = 0, ChildSystemTicks = 0 }),
            (Parent, Stat(1, 50, 0, 4)));

        Assert.Equal(1.5, seconds, 3);
    }

    [Fact]
    public void A_child_read_after_its_parent_is_counted_as_read()
    {
        var seconds = Sampled((Parent, Stat(1, 50, 0, 4)), (NoSuchPid, Stat(Parent, 100, 0, 5)));

        Assert.Equal(1.5, seconds, 3);
    }

    public void Dispose() => _meter.Dispose();
}
