using Platform.Pipelines.Engine;
using Platform.Storage.Sqlite;

namespace Platform.Storage.Tests;

/// <summary>The run store holds pipeline text, inputs and outputs: its files are the owner's only.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileModeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("store-modes-").FullName;

    [Fact]
    public async Task The_store_and_its_wal_and_shm_files_are_0600_in_a_0700_folder()
    {
        var path = Path.Combine(_dir, "new-folder", "runs.db");
        var store = new SqliteRunStore(path);
        var id = Guid.NewGuid();
        await store.CreateRunAsync(new StoredRun(id, null, "p", "p.yaml", "id: p", new Dictionary<string, string>(), Platform.Pipelines.Engine.RunStatus.Running, DateTimeOffset.UnixEpoch, null));
        await store.AppendEventsAsync(id, 0, [new RunBegan(DateTimeOffset.UnixEpoch, new Dictionary<string, Pipelines.Expressions.Value>())]);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        var files = Directory.GetFiles(Path.GetDirectoryName(path)!);
        Assert.Contains(path + "-wal", files);
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
