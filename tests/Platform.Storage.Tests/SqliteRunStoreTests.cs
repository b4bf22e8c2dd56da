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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
