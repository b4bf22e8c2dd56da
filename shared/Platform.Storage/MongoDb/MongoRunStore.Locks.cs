using MongoDB.Bson;
using MongoDB.Driver;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Locks;

namespace Platform.Storage.MongoDb;

/// <summary>
/// The lock table (<see cref="IRunLocks"/>) as one document in collection <c>run_locks</c>
/// (<c>{ _id: "table", version, nextSeq, rows: [...] }</c>), changed by compare-and-swap on its version:
/// a request for several locks, and a grant pass over every lock, are then atomic without multi-document
/// transactions (which need a replica set). The table is small — one row per lock of each waiting or
/// holding node — so rewriting it whole is cheap. Untested here: no MongoDB server runs on this machine.
/// </summary>
public sealed partial class MongoRunStore : IRunLocks
{
    private const string TableId = "table";

    private IMongoCollection<BsonDocument> LockTable => _runs.Database.GetCollection<BsonDocument>("run_locks");

    public Task RequestAsync(Guid runId, string nodeId, IReadOnlyList<LockClaim> locks, string owner, DateTimeOffset now, DateTimeOffset leaseUntil,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(table =>
        {
            var id = runId.ToString();
            var mine = table.Rows.Where(r => r["runId"] == id && r["nodeId"] == nodeId).ToList();
            if (mine.Count == 0)
            {
                var seq = table.NextSeq++;
                table.Rows.AddRange(locks.Select(l => new BsonDocument
                {
                    ["name"] = l.Name, ["limit"] = l.Limit, ["runId"] = id, ["nodeId"] = nodeId, ["seq"] = seq,
                    ["requestedAt"] = now.UtcTicks, ["grantedAt"] = BsonNull.Value, ["owner"] = owner, ["leaseUntil"] = leaseUntil.UtcTicks,
                }));
            }

            foreach (var row in mine)
            {
                row["owner"] = owner;
                row["leaseUntil"] = leaseUntil.UtcTicks;
            }
        }, cancellationToken);

    public Task ReleaseAsync(Guid runId, string nodeId, CancellationToken cancellationToken = default) =>
        ChangeAsync(table => table.Rows.RemoveAll(r => r["runId"] == runId.ToString() && r["nodeId"] == nodeId), cancellationToken);

    public Task ReleaseRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        ChangeAsync(table => table.Rows.RemoveAll(r => r["runId"] == runId.ToString()), cancellationToken);

    public Task RenewLocksAsync(string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        ChangeAsync(table =>
        {
            foreach (var row in table.Rows.Where(r => r["owner"] == owner))
            {
                row["leaseUntil"] = leaseUntil.UtcTicks;
            }
        }, cancellationToken);

    public async Task<IReadOnlyList<LockEntry>> GrantAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var finished = new HashSet<string>();
        var current = await ReadTableAsync(cancellationToken).ConfigureAwait(false);
        foreach (var runId in current.Rows.Select(r => r["runId"].AsString).Distinct())
        {
            if (Guid.TryParse(runId, out var id) && await GetRunAsync(id, cancellationToken).ConfigureAwait(false) is { } run
                && run.IsFinished)
            {
                finished.Add(runId);
            }
        }

        var table = await ChangeAsync(t =>
        {
            t.Rows.RemoveAll(r => r["leaseUntil"].AsInt64 < now.UtcTicks || finished.Contains(r["runId"].AsString));
            var granted = LockGrants.Decide(t.Rows.Select(Entry)).ToHashSet();
            foreach (var row in t.Rows.Where(r => granted.Contains((r["runId"].AsString, r["nodeId"].AsString))))
            {
                row["grantedAt"] = now.UtcTicks;
            }
        }, cancellationToken).ConfigureAwait(false);
        return [.. table.Rows.Select(Entry)];
    }

    public async Task<IReadOnlyList<LockEntry>> ListLocksAsync(CancellationToken cancellationToken = default) =>
        [.. (await ReadTableAsync(cancellationToken).ConfigureAwait(false)).Rows.Select(Entry).OrderBy(e => e.Seq).ThenBy(e => e.Name, StringComparer.Ordinal)];

    private static LockEntry Entry(BsonDocument r) => new(
        r["name"].AsString, r["limit"].AsInt32, r["runId"].AsString, r["nodeId"].AsString, r["seq"].AsInt64,
        new DateTimeOffset(r["requestedAt"].AsInt64, TimeSpan.Zero), r["grantedAt"].IsBsonNull ? null : new DateTimeOffset(r["grantedAt"].AsInt64, TimeSpan.Zero));

    /// <summary>Reads the table, applies <paramref name="change"/>, and writes it back only if nobody wrote in between; else again.</summary>
    private async Task<Table> ChangeAsync(Action<Table> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var table = await ReadTableAsync(cancellationToken).ConfigureAwait(false);
            change(table);
            var document = new BsonDocument
            {
                ["_id"] = TableId, ["version"] = table.Version + 1, ["nextSeq"] = table.NextSeq, ["rows"] = new BsonArray(table.Rows),
            };
            try
            {
                var result = await LockTable.ReplaceOneAsync(
                    Builders<BsonDocument>.Filter.And(Builders<BsonDocument>.Filter.Eq("_id", TableId), Builders<BsonDocument>.Filter.Eq("version", table.Version)),
                    document, new ReplaceOptions { IsUpsert = table.Version == 0 }, cancellationToken).ConfigureAwait(false);
                if (result.ModifiedCount == 1 || result.UpsertedId is not null)
                {
                    return table;
                }
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                // Another process created the table first: read it and apply the change again.
            }
        }
    }

    private async Task<Table> ReadTableAsync(CancellationToken cancellationToken)
    {
        var document = await LockTable.Find(Builders<BsonDocument>.Filter.Eq("_id", TableId)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return document is null
            ? new Table(0, 1, [])
            : new Table(document["version"].AsInt64, document["nextSeq"].AsInt64, [.. document["rows"].AsBsonArray.Select(v => v.AsBsonDocument)]);
    }

    private sealed class Table(long version, long nextSeq, List<BsonDocument> rows)
    {
        public long Version { get; } = version;

        public long NextSeq { get; set; } = nextSeq;

        public List<BsonDocument> Rows { get; } = rows;
    }
}
