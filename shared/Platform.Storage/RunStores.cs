using Platform.Storage.InMemory;
using Platform.Storage.MongoDb;
using Platform.Storage.Sqlite;

namespace Platform.Storage;

/// <summary>Picks a store from what a user writes: <c>memory</c>, <c>mongodb://…</c>, or a SQLite file path.</summary>
public static class RunStores
{
    public static IRunStore Open(string? location) => location switch
    {
        null or "" => new SqliteRunStore(SqliteRunStore.DefaultPath),
        "memory" => new InMemoryRunStore(),
        _ when location.StartsWith("mongodb://", StringComparison.Ordinal) || location.StartsWith("mongodb+srv://", StringComparison.Ordinal)
            => new MongoRunStore(location),
        _ => new SqliteRunStore(location),
    };
}
