using CsCheck;
using Platform.Pipelines.Locks;
using Platform.Pipelines.Engine;

namespace Platform.Pipelines.Tests.Locks;

/// <summary>
/// "Never more holders than the limit, and every waiter is eventually served", over thousands of
/// random schedules of several runs with random outcomes, late grants, cancels and Coordinator kills.
/// </summary>
public class LockPropertyTests
{
    [Fact]
    public void Random_runs_sharing_locks_never_exceed_a_limit_and_all_finish_with_nothing_held()
    {
        var peak = 0;
        Gen.Int.Sample(seed =>
        {
            var driver = new LockScheduleDriver(seed);
            driver.Execute();
            peak = Math.Max(peak, driver.PeakHolders);
        }, iter: 3000);

        Assert.Equal(2, peak); // the schedules did reach a semaphore's limit, so the check above had teeth
    }

    [Fact]
    public void The_grant_rule_is_first_come_first_served_and_all_or_nothing()
    {
        var table = new LockTable();
        var at = DateTimeOffset.UnixEpoch;
        table.Request("r1", "x", [new LockClaim("a", 1)], at);
        table.Request("r2", "y", [new LockClaim("a", 1), new LockClaim("b", 1)], at);
        table.Request("r3", "z", [new LockClaim("b", 1)], at);
        Assert.Equal([("r1", "x")], table.Grant(at));

        // r3 asked after r2 for b: it does not overtake r2, and r2 holds nothing while a is taken.
        Assert.False(table.IsHeld("r2", "y"));
        Assert.DoesNotContain(table.Entries, e => e.Name == "b" && e.Held);
        table.Release("r1", "x");
        Assert.Equal([("r2", "y")], table.Grant(at));
        table.Release("r2", "y");
        Assert.Equal([("r3", "z")], table.Grant(at));
    }

    [Fact]
    public void A_semaphore_admits_its_limit_and_the_next_waiter_when_one_leaves()
    {
        var table = new LockTable();
        var at = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 6; i++)
        {
            table.Request($"r{i}", "deploy", [new LockClaim("pool", 2)], at);
        }

        Assert.Equal(["r0", "r1"], table.Grant(at).Select(g => g.RunId));
        table.ReleaseRun("r1");
        Assert.Equal(["r2"], table.Grant(at).Select(g => g.RunId));
    }
}
