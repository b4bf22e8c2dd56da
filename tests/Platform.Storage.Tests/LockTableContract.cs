using Platform.Pipelines.Engine;
using Platform.Pipelines.Locks;

namespace Platform.Storage.Tests;

/// <summary>What every store's lock table must do (<see cref="IRunLocks"/>); each store runs these against the real thing.</summary>
public abstract class LockTableContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IRunStore? Store { get; }

    protected virtual string? SkipReason => null;

    private IRunStore Subject
    {
        get
        {
            Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");
            return Store!;
        }
    }

    private IRunLocks Locks => (IRunLocks)Subject;

    protected async Task<Guid> NewRunAsync(IRunStore? store = null)
    {
        var id = Guid.NewGuid();
        await (store ?? Subject).CreateRunAsync(new StoredRun(id, null, "deploy", "deploy.yaml", "id: deploy", new Dictionary<string, string>(), RunStatus.Running, T0, null));
        return id;
    }

    private static IEnumerable<(string Run, string Node)> Holders(IEnumerable<LockEntry> rows, string name) =>
        rows.Where(r => r.Name == name && r.Held).Select(r => (r.RunId, r.NodeId));

    [Fact]
    public async Task A_semaphore_admits_its_limit_first_come_first_served_and_the_next_when_one_leaves()
    {
        var name = $"pool-{Guid.NewGuid():N}";
        var runs = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            runs.Add(await NewRunAsync());
            await Locks.RequestAsync(runs[i], "deploy", [new LockClaim(name, 2)], "me", T0.AddSeconds(i), T0.AddHours(1));
        }

        var rows = await Locks.GrantAsync(T0.AddSeconds(5));
        Assert.Equal([(runs[0].ToString(), "deploy"), (runs[1].ToString(), "deploy")], Holders(rows, name).OrderBy(h => runs.IndexOf(Guid.Parse(h.Run))));

        await Locks.ReleaseAsync(runs[0], "deploy");
        rows = await Locks.GrantAsync(T0.AddSeconds(6));
        Assert.Equal([runs[1].ToString(), runs[2].ToString()], Holders(rows, name).Select(h => h.Run).OrderBy(r => runs.IndexOf(Guid.Parse(r))));
    }

    [Fact]
    public async Task Asking_again_keeps_the_grant_and_the_place_in_the_queue()
    {
        var name = $"m-{Guid.NewGuid():N}";
        var (a, b) = (await NewRunAsync(), await NewRunAsync());
        await Locks.RequestAsync(a, "x", [new LockClaim(name, 1)], "me", T0, T0.AddHours(1));
        await Locks.GrantAsync(T0);
        await Locks.RequestAsync(b, "x", [new LockClaim(name, 1)], "me", T0.AddSeconds(1), T0.AddHours(1));
        await Locks.RequestAsync(a, "x", [new LockClaim(name, 1)], "restarted", T0.AddSeconds(2), T0.AddHours(1));

        var rows = await Locks.GrantAsync(T0.AddSeconds(3));
        Assert.Equal([(a.ToString(), "x")], Holders(rows, name));
        Assert.Contains(rows, r => r.RunId == b.ToString() && !r.Held);
    }

    [Fact]
    public async Task Several_locks_are_granted_all_together_or_not_at_all()
    {
        var (x, y) = ($"x-{Guid.NewGuid():N}", $"y-{Guid.NewGuid():N}");
        var (a, b) = (await NewRunAsync(), await NewRunAsync());
        await Locks.RequestAsync(a, "one", [new LockClaim(y, 1)], "me", T0, T0.AddHours(1));
        await Locks.GrantAsync(T0);
        await Locks.RequestAsync(b, "both", [new LockClaim(x, 1), new LockClaim(y, 1)], "me", T0, T0.AddHours(1));

        var rows = await Locks.GrantAsync(T0.AddSeconds(1));
        Assert.Empty(Holders(rows, x));
        await Locks.ReleaseRunAsync(a);
        rows = await Locks.GrantAsync(T0.AddSeconds(2));
        Assert.Equal([(b.ToString(), "both")], Holders(rows, x));
        Assert.Equal([(b.ToString(), "both")], Holders(rows, y));
    }

    [Fact]
    public async Task A_lock_whose_lease_ran_out_or_whose_run_finished_goes_to_the_next_waiter()
    {
        var name = $"m-{Guid.NewGuid():N}";
        var (dead, done, next) = (await NewRunAsync(), await NewRunAsync(), await NewRunAsync());
        await Locks.RequestAsync(dead, "x", [new LockClaim(name, 1)], "gone", T0, T0.AddSeconds(60));
        await Locks.RequestAsync(done, "x", [new LockClaim(name, 1)], "me", T0.AddSeconds(1), T0.AddHours(1));
        await Locks.RequestAsync(next, "x", [new LockClaim(name, 1)], "me", T0.AddSeconds(2), T0.AddHours(1));
        Assert.Equal([(dead.ToString(), "x")], Holders(await Locks.GrantAsync(T0.AddSeconds(3)), name));

        // Renewed by its owner it stays; not renewed it ends.
        await Locks.RenewLocksAsync("gone", T0.AddSeconds(120));
        Assert.Equal([(dead.ToString(), "x")], Holders(await Locks.GrantAsync(T0.AddSeconds(90)), name));
        Assert.Equal([(done.ToString(), "x")], Holders(await Locks.GrantAsync(T0.AddSeconds(121)), name));

        await Subject.UpdateStatusAsync(done, RunStatus.Succeeded, T0.AddSeconds(122));
        Assert.Equal([(next.ToString(), "x")], Holders(await Locks.GrantAsync(T0.AddSeconds(123)), name));
    }
}
