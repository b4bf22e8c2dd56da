using Microsoft.Data.Sqlite;
using Platform.Pipelines.Engine;

namespace Platform.Storage.Sqlite;

/// <summary>
/// Run events (<see cref="IRunStore.AppendEventsAsync"/>): table <c>run_events</c>, keyed by (run key, sequence),
/// where a run's key is a small integer given in order of its first event (table <c>run_keys</c>). Keyed by the
/// run's random GUID instead, each run's events went into the middle of the tree: every append split and
/// rebalanced pages there and wrote three or four of them to the WAL. Keyed in order, an append lands on the
/// tree's right edge and writes about one page (see bench/results/perf-profile.md).
/// </summary>
public sealed partial class SqliteRunStore
{
    // Events are the hot path (one append per Coordinator message): one connection, opened once
    // and used by one writer at a time, instead of a pooled open and its pragmas per event. SQLite
    // serialises writers anyway.
    private const int MaxRowsPerInsert = 32;
    private const int SqlitePrimaryKeyConflict = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
    private const int RunKeysRemembered = 4096;
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private readonly SqliteCommand?[] _inserts = new SqliteCommand?[MaxRowsPerInsert];
    private readonly Dictionary<Guid, long> _runKeys = [];
    private SqliteConnection? _writer;

    private static void CreateEventTables(SqliteConnection connection)
    {
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS run_keys (
                key INTEGER PRIMARY KEY,
                run_id TEXT NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS run_events (
                run_key INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (run_key, seq)) WITHOUT ROWID;
            """);
        MoveEventsKeyedByRunId(connection);
    }

    /// <summary>
    /// A history written before run keys has its events in table <c>events</c>, keyed by run id: they move
    /// to <c>run_events</c> once, in one transaction, the first time a newer Platform opens the file.
    /// </summary>
    private static void MoveEventsKeyedByRunId(SqliteConnection connection)
    {
        // Looked for first without a write lock: opening a moved (or read-only) file takes none.
        if (!HasOldEventsTable(connection, null))
        {
            return;
        }

        using var transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE: one process moves them
        if (!HasOldEventsTable(connection, transaction))
        {
            return; // another process moved them meanwhile
        }

        using var move = connection.CreateCommand();
        move.Transaction = transaction;
        move.CommandText = """
            INSERT OR IGNORE INTO run_keys (run_id)
                SELECT d.run_id FROM (SELECT DISTINCT run_id FROM events) d LEFT JOIN runs r ON r.run_id = d.run_id ORDER BY r.submitted_at;
            INSERT INTO run_events (run_key, seq, body)
                SELECT k.key, e.seq, e.body FROM events e JOIN run_keys k ON k.run_id = e.run_id;
            DROP TABLE events;
            """;
        move.ExecuteNonQuery();
        transaction.Commit();
    }

    private static bool HasOldEventsTable(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events')";
        return Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    public async Task<bool> AppendEventsAsync(Guid runId, long firstSequence, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default)
    {
        await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer ??= Open();
            var key = RunKey(runId);
            if (events.Count <= MaxRowsPerInsert)
            {
                // The common case: one statement, atomic by itself, so no BEGIN and COMMIT around it (a fifth of an append).
                return TryInsert(key, firstSequence, events, 0, events.Count, transaction: null);
            }

            using var transaction = _writer.BeginTransaction();
            for (var first = 0; first < events.Count; first += MaxRowsPerInsert)
            {
                if (!TryInsert(key, firstSequence, events, first, Math.Min(MaxRowsPerInsert, events.Count - first), transaction))
                {
                    transaction.Rollback();
                    return false;
                }
            }

            transaction.Commit();
            return true;
        }
        catch
        {
            // A connection in an unknown state is not reused.
            DisposeWriter();
            throw;
        }
        finally
        {
            _writerGate.Release();
        }
    }

    /// <summary>
    /// The run's key, given by its first event and remembered (a bounded number of runs) by the writer. Another
    /// process writing the same file may give it first: the key is then read, never given twice.
    /// </summary>
    private long RunKey(Guid runId)
    {
        if (_runKeys.TryGetValue(runId, out var known))
        {
            return known;
        }

        using var command = _writer!.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO run_keys (run_id) VALUES ($id);
            SELECT key FROM run_keys WHERE run_id = $id;
            """;
        command.Parameters.AddWithValue("$id", runId.ToString());
        var key = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (_runKeys.Count >= RunKeysRemembered)
        {
            _runKeys.Clear();
        }

        _runKeys[runId] = key;
        return key;
    }

    /// <summary>
    /// Inserts events <paramref name="first"/> to <paramref name="first"/> + <paramref name="rows"/> − 1 in one
    /// statement; false, with none of them written, when a sequence number is taken: a failing statement
    /// undoes its own rows (SQLite's default ABORT), inside or outside a transaction.
    /// </summary>
    private bool TryInsert(long key, long firstSequence, IReadOnlyList<RunEvent> events, int first, int rows, SqliteTransaction? transaction)
    {
        var insert = Insert(rows);
        insert.Transaction = transaction;
        insert.Parameters[0].Value = key;
        for (var i = 0; i < rows; i++)
        {
            insert.Parameters[1 + (2 * i)].Value = firstSequence + first + i;
            insert.Parameters[2 + (2 * i)].Value = RunEventJson.Serialize(events[first + i]);
        }

        try
        {
            insert.ExecuteNonQuery();
            return true;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqlitePrimaryKeyConflict)
        {
            return false;
        }
    }

    /// <summary>
    /// The writer's prepared insert of <paramref name="rows"/> events of one run: one statement per batch
    /// (of up to <see cref="MaxRowsPerInsert"/>), prepared once per size and kept with the connection.
    /// </summary>
    private SqliteCommand Insert(int rows)
    {
        if (_inserts[rows - 1] is { } prepared)
        {
            return prepared;
        }

        var command = _writer!.CreateCommand();
        command.CommandText = "INSERT INTO run_events (run_key, seq, body) VALUES "
            + string.Join(", ", Enumerable.Range(0, rows).Select(i => $"($key, $seq{i}, $body{i})"));
        command.Parameters.Add("$key", SqliteType.Integer);
        for (var i = 0; i < rows; i++)
        {
            command.Parameters.Add($"$seq{i}", SqliteType.Integer);
            command.Parameters.Add($"$body{i}", SqliteType.Text);
        }

        return _inserts[rows - 1] = command;
    }

    private void DisposeWriter()
    {
        foreach (var command in _inserts)
        {
            command?.Dispose();
        }

        Array.Clear(_inserts);
        _runKeys.Clear();
        _writer?.Dispose();
        _writer = null;
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(Guid runId, CancellationToken cancellationToken = default) =>
        ReadEventsFromAsync(runId, 0, cancellationToken);

    public async Task<IReadOnlyList<RunEvent>> ReadEventsFromAsync(Guid runId, long fromSequence, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT body FROM run_events
            WHERE run_key = (SELECT key FROM run_keys WHERE run_id = $id) AND seq >= $from ORDER BY seq
            """;
        command.Parameters.AddWithValue("$id", runId.ToString());
        command.Parameters.AddWithValue("$from", fromSequence);
        var events = new List<RunEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(RunEventJson.Deserialize(reader.GetString(0)));
        }

        return events;
    }
}
