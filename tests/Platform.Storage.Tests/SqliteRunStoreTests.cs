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
        var run = new StoredRun(Guid.NewGuid(), null, "p", "p.yaml", "id: p", new Dictionary<string, string>(), Platform.Pipelines.Engine.RunStatus.Running, DateTimeOffset.UtcNow, null);
        await _store.CreateRunAsync(run);

        var reopened = new SqliteRunStore(Path.Combine(_dir, "runs.db"));

        Assert.NotNull(await reopened.GetRunAsync(run.RunId));
    }

    [Fact]
    public async Task A_batch_meeting_a_taken_number_past_its_first_statement_keeps_none_of_it()
    {
        // A batch goes in as several statements of at most 32 rows in one transaction: a conflict in a
        // later statement must take the earlier ones back with it (all or none, as IRunStore says).
        var run = new StoredRun(Guid.NewGuid(), null, "p", "p.yaml", "id: p", new Dictionary<string, string>(), Platform.Pipelines.Engine.RunStatus.Running, DateTimeOffset.UtcNow, null);
        await _store.CreateRunAsync(run);
        var at = DateTimeOffset.UtcNow;
        Assert.True(await ((IRunStore)_store).AppendEventAsync(run.RunId, 70, new Platform.Pipelines.Engine.AttemptStarted(at, "taken", 1)));

        var batch = Enumerable.Range(0, 80).Select(i => (Platform.Pipelines.Engine.RunEvent)new Platform.Pipelines.Engine.AttemptStarted(at, $"s{i}", 1)).ToList();
        Assert.False(await _store.AppendEventsAsync(run.RunId, 0, batch));

        var read = await _store.ReadEventsAsync(run.RunId);
        Assert.Equal(["taken"], read.Cast<Platform.Pipelines.Engine.AttemptStarted>().Select(e => e.StepId));

        // The writer is fine afterwards: the same batch below the taken number goes in.
        Assert.True(await _store.AppendEventsAsync(run.RunId, 0, batch[..70]));
        Assert.Equal(71, (await _store.ReadEventsAsync(run.RunId)).Count);
    }

    [Fact]
    public async Task A_batch_of_one_statement_meeting_a_taken_number_past_its_first_row_keeps_none_of_it()
    {
        // Up to 32 rows go in as one statement outside any transaction: its own undo must take the
        // rows before the conflict back.
        var run = new StoredRun(Guid.NewGuid(), null, "p", "p.yaml", "id: p", new Dictionary<string, string>(), Platform.Pipelines.Engine.RunStatus.Running, DateTimeOffset.UtcNow, null);
        await _store.CreateRunAsync(run);
        var at = DateTimeOffset.UtcNow;
        Assert.True(await ((IRunStore)_store).AppendEventAsync(run.RunId, 5, new Platform.Pipelines.Engine.AttemptStarted(at, "taken", 1)));

        var batch = Enumerable.Range(0, 10).Select(i => (Platform.Pipelines.Engine.RunEvent)new Platform.Pipelines.Engine.AttemptStarted(at, $"s{i}", 1)).ToList();
        Assert.False(await _store.AppendEventsAsync(run.RunId, 0, batch));
        Assert.Equal(["taken"], (await _store.ReadEventsAsync(run.RunId)).Cast<Platform.Pipelines.Engine.AttemptStarted>().Select(e => e.StepId));

        Assert.True(await _store.AppendEventsAsync(run.RunId, 0, batch[..5]));
        Assert.Equal(["s0", "s1", "s2", "s3", "s4", "taken"], (await _store.ReadEventsAsync(run.RunId)).Cast<Platform.Pipelines.Engine.AttemptStarted>().Select(e => e.StepId));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
