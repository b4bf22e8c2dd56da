using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Pipelines.Engine;

namespace Platform.Storage.Sqlite;

/// <summary>
/// Runs in one SQLite file: the embedded default's history. WAL journal with synchronous=NORMAL
/// survives a killed process (a power cut may lose the last events, never corrupt the file); each
/// event is one row keyed by (run, sequence), so a run of any width costs one small insert per event.
/// </summary>
public sealed partial class SqliteRunStore : IRunStore, IDisposable
{
    private readonly string _connectionString;

    // Events are the hot path (one append per Coordinator message): one connection, opened once
    // and used by one writer at a time, instead of a pooled open and its pragmas per event. SQLite
    // serialises writers anyway.
    private const int MaxRowsPerInsert = 32;
    private const int SqlitePrimaryKeyConflict = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private readonly SqliteCommand?[] _inserts = new SqliteCommand?[MaxRowsPerInsert];
    private SqliteConnection? _writer;

    public SqliteRunStore(string path)
    {
        // Pipeline text, inputs, outputs and logs: the owner's only (the -wal and -shm files follow this mode).
        Platform.ServiceDefaults.Files.PrivateFiles.Create(path);

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS runs (
                run_id TEXT PRIMARY KEY,
                name TEXT,
                pipeline_id TEXT NOT NULL,
                pipeline_file TEXT NOT NULL,
                pipeline_yaml TEXT NOT NULL,
                inputs TEXT NOT NULL,
                status TEXT NOT NULL,
                submitted_at TEXT NOT NULL,
                finished_at TEXT);
            CREATE INDEX IF NOT EXISTS runs_by_time ON runs (submitted_at DESC);
            CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline_id, submitted_at DESC);
            CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status, submitted_at DESC);
            CREATE TABLE IF NOT EXISTS events (
                run_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS run_claims (
                run_id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                until INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS run_claims_by_owner ON run_claims (owner);
            """);
        CreateOperationTables(connection);
        CreateArtifactTables(connection);
    }

    /// <summary>The default history file: $XDG_DATA_HOME/platform/runs.db, else ~/.local/share/platform/runs.db.</summary>
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create) is { Length: > 0 } data
            ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "platform", "runs.db");

    public async Task<bool> CreateRunAsync(StoredRun run, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO runs (run_id, name, pipeline_id, pipeline_file, pipeline_yaml, inputs, status, submitted_at, finished_at)
            VALUES ($id, $name, $pipeline, $file, $yaml, $inputs, $status, $submitted, $finished)
            """;
        command.Parameters.AddWithValue("$id", run.RunId.ToString());
        command.Parameters.AddWithValue("$name", (object?)run.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$pipeline", run.PipelineId);
        command.Parameters.AddWithValue("$file", run.PipelineFile);
        command.Parameters.AddWithValue("$yaml", run.PipelineYaml);
        command.Parameters.AddWithValue("$inputs", JsonSerializer.Serialize(run.Inputs));
        command.Parameters.AddWithValue("$status", run.Status.ToWire());
        command.Parameters.AddWithValue("$submitted", Time(run.SubmittedAt));
        command.Parameters.AddWithValue("$finished", run.FinishedAt is { } f ? Time(f) : DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task UpdateStatusAsync(Guid runId, RunStatus status, DateTimeOffset? finishedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE runs SET status = $status, finished_at = $finished WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId.ToString());
        command.Parameters.AddWithValue("$status", status.ToWire());
        command.Parameters.AddWithValue("$finished", finishedAt is { } f ? Time(f) : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> AppendEventsAsync(Guid runId, long firstSequence, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default)
    {
        await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer ??= Open();
            var id = runId.ToString();
            if (events.Count <= MaxRowsPerInsert)
            {
                // The common case: one statement, atomic by itself, so no BEGIN and COMMIT around it (a fifth of an append).
                return TryInsert(id, firstSequence, events, 0, events.Count, transaction: null);
            }

            using var transaction = _writer.BeginTransaction();
            for (var first = 0; first < events.Count; first += MaxRowsPerInsert)
            {
                if (!TryInsert(id, firstSequence, events, first, Math.Min(MaxRowsPerInsert, events.Count - first), transaction))
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
    /// Inserts events <paramref name="first"/> to <paramref name="first"/> + <paramref name="rows"/> − 1 in one
    /// statement; false, with none of them written, when a sequence number is taken: a failing statement
    /// undoes its own rows (SQLite's default ABORT), inside or outside a transaction.
    /// </summary>
    private bool TryInsert(string id, long firstSequence, IReadOnlyList<RunEvent> events, int first, int rows, SqliteTransaction? transaction)
    {
        var insert = Insert(rows);
        insert.Transaction = transaction;
        insert.Parameters[0].Value = id;
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
        command.CommandText = "INSERT INTO events (run_id, seq, body) VALUES "
            + string.Join(", ", Enumerable.Range(0, rows).Select(i => $"($id, $seq{i}, $body{i})"));
        command.Parameters.Add("$id", SqliteType.Text);
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
        _writer?.Dispose();
        _writer = null;
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(Guid runId, CancellationToken cancellationToken = default) =>
        ReadEventsFromAsync(runId, 0, cancellationToken);

    public async Task<IReadOnlyList<RunEvent>> ReadEventsFromAsync(Guid runId, long fromSequence, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM events WHERE run_id = $id AND seq >= $from ORDER BY seq";
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

    public async Task<StoredRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE run_id = $id", [("$id", runId.ToString())], cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public Task<IReadOnlyList<StoredRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        var parameters = new List<(string, object)>();
        if (query.PipelineId is { } pipeline)
        {
            where.Add("pipeline_id = $pipeline");
            parameters.Add(("$pipeline", pipeline));
        }

        if (query.Status is { } status)
        {
            where.Add("status = $status");
            parameters.Add(("$status", status.ToWire()));
        }

        if (query.IdPrefix is { } prefix)
        {
            where.Add("run_id LIKE $prefix ESCAPE '\\'");
            parameters.Add(("$prefix", prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%"));
        }

        parameters.Add(("$take", query.Take));
        parameters.Add(("$skip", query.Skip));
        var filter = where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "";
        return QueryAsync($"{filter} ORDER BY submitted_at DESC, run_id LIMIT $take OFFSET $skip", parameters, cancellationToken);
    }

    public Task<IReadOnlyList<StoredRun>> UnfinishedRunsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE status NOT IN ('succeeded', 'failed', 'cancelled') ORDER BY submitted_at", [], cancellationToken);

    private async Task<IReadOnlyList<StoredRun>> QueryAsync(string tail, IEnumerable<(string Name, object Value)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT run_id, name, pipeline_id, pipeline_file, pipeline_yaml, inputs, status, submitted_at, finished_at FROM runs {tail}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var runs = new List<StoredRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            runs.Add(new StoredRun(
                Guid.Parse(reader.GetString(0)),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5)) ?? [],
                StatusNames.ParseRunStatus(reader.GetString(6)),
                ParseTime(reader.GetString(7)),
                reader.IsDBNull(8) ? null : ParseTime(reader.GetString(8))));
        }

        return runs;
    }

    public void Dispose()
    {
        DisposeWriter();
        _writerGate.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Fixed-width UTC text sorts in time order.
    /// <summary>ISO-8601 UTC with microseconds, as every time Platform shows.</summary>
    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Microseconds; stores written before that kept ticks (seven digits).</summary>
    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"];

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
