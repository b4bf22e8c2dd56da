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

    [Theory]
    // 80 rows: several statements of at most 32 in one transaction, the conflict in a later one.
    [InlineData(80, 70)]
    // 10 rows: one statement outside any transaction, its own undo taking back the rows before the conflict.
    [InlineData(10, 5)]
    public async Task A_batch_meeting_a_taken_number_past_its_first_row_keeps_none_of_it(int rows, int taken)
    {
        // All or none, as IRunStore says.
        var run = new StoredRun(Guid.NewGuid(), null, "p", "p.yaml", "id: p", new Dictionary<string, string>(), Platform.Pipelines.Engine.RunStatus.Running, DateTimeOffset.UtcNow, null);
        await _store.CreateRunAsync(run);
        var at = DateTimeOffset.UtcNow;
        Assert.True(await ((IRunStore)_store).AppendEventAsync(run.RunId, taken, new Platform.Pipelines.Engine.AttemptStarted(at, "taken", 1)));

        var batch = Enumerable.Range(0, rows).Select(i => (Platform.Pipelines.Engine.RunEvent)new Platform.Pipelines.Engine.AttemptStarted(at, $"s{i}", 1)).ToList();
        Assert.False(await _store.AppendEventsAsync(run.RunId, 0, batch));
        Assert.Equal(["taken"], await StepIdsAsync(run.RunId));

        // The writer is fine afterwards: the same batch below the taken number goes in.
        Assert.True(await _store.AppendEventsAsync(run.RunId, 0, batch[..taken]));
        Assert.Equal([.. Enumerable.Range(0, taken).Select(i => $"s{i}"), "taken"], await StepIdsAsync(run.RunId));
    }

    private async Task<IEnumerable<string>> StepIdsAsync(Guid runId) =>
        (await _store.ReadEventsAsync(runId)).Cast<Platform.Pipelines.Engine.AttemptStarted>().Select(e => e.StepId);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
