using Platform.Pipelines.Engine;
using Platform.Storage.Sqlite;

namespace Platform.Storage.Tests;

public sealed class SqliteLockTableTests : LockTableContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sqlite-locks-").FullName;
    private readonly SqliteRunStore _store;

    public SqliteLockTableTests() => _store = new SqliteRunStore(Path.Combine(_dir, "runs.db"));

    protected override IRunStore Store => _store;

    [Fact]
    public async Task Two_stores_on_one_file_never_both_hold_a_mutex()
    {
        // Two processes on one laptop, as two store objects on the same file, each granting as fast as it can.
        var other = new SqliteRunStore(Path.Combine(_dir, "runs.db"));
        var inside = 0;
        var peak = 0;
        var served = 0;
        async Task Contender(SqliteRunStore store, int i)
        {
            var run = await NewRunAsync(store);
            await store.RequestAsync(run, "deploy", [new LockClaim("staging", 1)], $"p{i}", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
            while (true)
            {
                var rows = await store.GrantAsync(DateTimeOffset.UtcNow);
                if (rows.Any(r => r.RunId == run.ToString() && r.Held))
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref peak, now);
                    await Task.Delay(5);
                    Interlocked.Decrement(ref inside);
                    await store.ReleaseAsync(run, "deploy");
                    Interlocked.Increment(ref served);
                    return;
                }

                await Task.Delay(2);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => Contender(i % 2 == 0 ? _store : other, i))));
        Assert.Equal(16, served);
        Assert.Equal(1, peak);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
