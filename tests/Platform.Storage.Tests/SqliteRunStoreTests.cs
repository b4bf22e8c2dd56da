using Platform.Pipelines.Engine;
using Platform.Storage.Sqlite;

namespace Platform.Storage.Tests;

public sealed class SqliteRunStoreTests : RunStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sqlite-store-").FullName;
    private readonly SqliteRunStore _store;

    public SqliteRunStoreTests() => _store = new SqliteRunStore(Path.Combine(_dir, "runs.db"));

    protected override IRunStore Store => _store;

    [Fact]
    public async Task Runs_survive_reopening_the_file()
    {
        var run = new StoredRun(Guid.NewGuid(), null, "p", "p.yaml", "id: p", new Dictionary<string, string>(), RunStatus.Running, DateTimeOffset.UtcNow, null);
        await _store.CreateRunAsync(run);

        var reopened = new SqliteRunStore(Path.Combine(_dir, "runs.db"));

        Assert.NotNull(await reopened.GetRunAsync(run.RunId));
    }

    [Theory]
    // 80 rows: several statements of at most 32 in one transaction, the conflict in a later one.
    [InlineData(80, 70)]
    // 10 rows: one statement outside any transaction, its own undo taking back the rows before the conflict.
    [InlineData(10, 5)]
    public async Task A_batch_meeting_a_taken_number_past_its_first_row_keeps_none_of_it(int rows, int taken)
    {
        // All or none, as IRunStore says.
        var run = new StoredRun(Guid.NewGuid(), null, "p", "p.yaml", "id: p", new Dictionary<string, string>(), RunStatus.Running, DateTimeOffset.UtcNow, null);
        await _store.CreateRunAsync(run);
        Assert.True(await _store.AppendEventsAsync(run.RunId, taken, [Started("taken")]));

        var batch = Enumerable.Range(0, rows).Select(i => Started($"s{i}")).ToList();
        Assert.False(await _store.AppendEventsAsync(run.RunId, 0, batch));
        Assert.Equal(["taken"], await StepIdsAsync(_store, run.RunId));

        // The writer is fine afterwards: the same batch below the taken number goes in.
        Assert.True(await _store.AppendEventsAsync(run.RunId, 0, batch[..taken]));
        Assert.Equal([.. Enumerable.Range(0, taken).Select(i => $"s{i}"), "taken"], await StepIdsAsync(_store, run.RunId));
    }

    [Fact]
    public async Task A_history_written_before_run_keys_keeps_every_event_and_goes_on_from_it()
    {
        // The file as Platform wrote it before events were keyed by run key: table events, keyed by run id.
        var path = Path.Combine(_dir, "old.db");
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
                """;
            create.ExecuteNonQuery();
            foreach (var (run, steps) in new[] { (first, 3), (second, 2) })
            {
                for (var seq = 0; seq < steps; seq++)
                {
                    using var insert = old.CreateCommand();
                    insert.CommandText = "INSERT INTO events VALUES ($id, $seq, $body)";
                    insert.Parameters.AddWithValue("$id", run.ToString());
                    insert.Parameters.AddWithValue("$seq", seq);
                    insert.Parameters.AddWithValue("$body", RunEventJson.Serialize(Started($"{run:N}-{seq}")));
                    insert.ExecuteNonQuery();
                }
            }
        }

        var opened = new SqliteRunStore(path);

        Assert.Equal([$"{first:N}-0", $"{first:N}-1", $"{first:N}-2"], await StepIdsAsync(opened, first));
        Assert.Equal([$"{second:N}-0", $"{second:N}-1"], await StepIdsAsync(opened, second));
        Assert.False(await opened.AppendEventsAsync(first, 2, [Started("taken")]));
        Assert.True(await opened.AppendEventsAsync(first, 3, [Started("next")]));
        Assert.Equal("next", (await StepIdsAsync(new SqliteRunStore(path), first)).Last());
    }

    [Fact]
    public async Task Two_stores_on_one_file_append_to_the_same_run_as_one()
    {
        // Each store keeps its own run keys: the second must find the key the first gave, not give another.
        var other = new SqliteRunStore(Path.Combine(_dir, "runs.db"));
        var (run, untouched) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.True(await _store.AppendEventsAsync(run, 0, [Started("a0"), Started("a1")]));
        Assert.True(await other.AppendEventsAsync(untouched, 0, [Started("u0")]));
        Assert.False(await other.AppendEventsAsync(run, 1, [Started("b1")]));
        Assert.True(await other.AppendEventsAsync(run, 2, [Started("b2")]));
        Assert.False(await _store.AppendEventsAsync(run, 2, [Started("a2")]));

        Assert.Equal(["a0", "a1", "b2"], await StepIdsAsync(_store, run));
        Assert.Equal(["a0", "a1", "b2"], await StepIdsAsync(other, run));
        Assert.Equal(["u0"], await StepIdsAsync(_store, untouched));
    }

    private static RunEvent Started(string step) => new AttemptStarted(DateTimeOffset.UtcNow, step, 1);

    private static async Task<IEnumerable<string>> StepIdsAsync(SqliteRunStore store, Guid runId) =>
        (await store.ReadEventsAsync(runId)).Cast<AttemptStarted>().Select(e => e.StepId);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
