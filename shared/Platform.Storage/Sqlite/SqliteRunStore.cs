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
            CREATE TABLE IF NOT EXISTS run_claims (
                run_id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                until INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS run_claims_by_owner ON run_claims (owner);
            """);
        CreateEventTables(connection);
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
