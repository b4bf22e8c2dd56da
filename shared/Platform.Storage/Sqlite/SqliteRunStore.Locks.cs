using Microsoft.Data.Sqlite;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Locks;

namespace Platform.Storage.Sqlite;

/// <summary>
/// The lock table (<see cref="IRunLocks"/>) in table <c>run_locks</c>, one row per (run, node, lock);
/// times as UTC ticks. Every change runs in a <c>BEGIN IMMEDIATE</c> transaction: SQLite serialises
/// them across processes, so two <c>./platform run</c> on one file never both take a mutex.
/// </summary>
public sealed partial class SqliteRunStore : IRunLocks
{
    private const string Finished = "('succeeded', 'failed', 'cancelled')";
    private volatile bool _locksReady;

    public async Task RequestAsync(Guid runId, string nodeId, IReadOnlyList<LockClaim> locks, string owner, DateTimeOffset now, DateTimeOffset leaseUntil,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenLocksAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: one writer across processes
        var existing = await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM run_locks WHERE run_id = $run AND node_id = $node",
            cancellationToken, ("$run", runId.ToString()), ("$node", nodeId)).ConfigureAwait(false);
        if (existing > 0)
        {
            await ExecuteAsync(connection, transaction, "UPDATE run_locks SET owner = $owner, lease_until = $until WHERE run_id = $run AND node_id = $node",
                cancellationToken, ("$run", runId.ToString()), ("$node", nodeId), ("$owner", owner), ("$until", leaseUntil.UtcTicks)).ConfigureAwait(false);
        }
        else
        {
            var seq = await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(seq), 0) + 1 FROM run_locks", cancellationToken).ConfigureAwait(false);
            foreach (var claim in locks)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO run_locks (name, lim, run_id, node_id, seq, requested_at, granted_at, owner, lease_until)
                    VALUES ($name, $limit, $run, $node, $seq, $now, NULL, $owner, $until)
                    """, cancellationToken, ("$name", claim.Name), ("$limit", claim.Limit), ("$run", runId.ToString()), ("$node", nodeId), ("$seq", seq),
                    ("$now", now.UtcTicks), ("$owner", owner), ("$until", leaseUntil.UtcTicks)).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(Guid runId, string nodeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenLocksAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "DELETE FROM run_locks WHERE run_id = $run AND node_id = $node", cancellationToken,
            ("$run", runId.ToString()), ("$node", nodeId)).ConfigureAwait(false);
    }

    public async Task ReleaseRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenLocksAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "DELETE FROM run_locks WHERE run_id = $run", cancellationToken, ("$run", runId.ToString())).ConfigureAwait(false);
    }

    public async Task RenewLocksAsync(string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenLocksAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "UPDATE run_locks SET lease_until = $until WHERE owner = $owner", cancellationToken,
            ("$owner", owner), ("$until", leaseUntil.UtcTicks)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LockEntry>> GrantAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenLocksAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: one writer across processes
        await ExecuteAsync(connection, transaction, $"""
            DELETE FROM run_locks WHERE lease_until < $now
               OR EXISTS (SELECT 1 FROM runs r WHERE r.run_id = run_locks.run_id AND r.status IN {Finished})
            """, cancellationToken, ("$now", now.UtcTicks)).ConfigureAwait(false);
        var rows = await ReadLocksAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var granted = LockGrants.Decide(rows);
        foreach (var (runId, nodeId) in granted)
        {
            await ExecuteAsync(connection, transaction, "UPDATE run_locks SET granted_at = $now WHERE run_id = $run AND node_id = $node", cancellationToken,
                ("$now", now.UtcTicks), ("$run", runId), ("$node", nodeId)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var set = granted.ToHashSet();
        return [.. rows.Select(r => set.Contains((r.RunId, r.NodeId)) ? r with { GrantedAt = now } : r)];
    }

    public async Task<IReadOnlyList<LockEntry>> ListLocksAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenLocksAsync(cancellationToken).ConfigureAwait(false);
        return await ReadLocksAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<LockEntry>> ReadLocksAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = "SELECT name, lim, run_id, node_id, seq, requested_at, granted_at FROM run_locks ORDER BY seq, name";
        var rows = new List<LockEntry>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new LockEntry(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero), reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero)));
        }

        return rows;
    }

    /// <summary>A connection with the lock table made (once per store: the table came after the others).</summary>
    private async Task<SqliteConnection> OpenLocksAsync(CancellationToken cancellationToken)
    {
        var connection = Open();
        if (!_locksReady)
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS run_locks (
                    name TEXT NOT NULL,
                    lim INTEGER NOT NULL,
                    run_id TEXT NOT NULL,
                    node_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    requested_at INTEGER NOT NULL,
                    granted_at INTEGER,
                    owner TEXT NOT NULL,
                    lease_until INTEGER NOT NULL,
                    PRIMARY KEY (run_id, node_id, name)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS run_locks_by_owner ON run_locks (owner);
                """, cancellationToken).ConfigureAwait(false);
            _locksReady = true;
        }

        return connection;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
