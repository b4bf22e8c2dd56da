using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Platform.Notifier.Notifications;

/// <summary>
/// The notification log in a SQLite file, so a Notifier restarted after a crash does not notify a
/// run outcome twice. A claim left "in progress" by a process that died is taken over after
/// <see cref="StaleClaim"/>.
/// </summary>
public sealed class SqliteNotificationLog : INotificationLog
{
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public SqliteNotificationLog(string path, TimeProvider time)
    {
        _time = time;
        // Pipeline text, inputs, outputs and logs: the owner's only (the -wal and -shm files follow this mode).
        Platform.ServiceDefaults.Files.PrivateFiles.Create(path);

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS notifications (
                run_id TEXT NOT NULL,
                status TEXT NOT NULL,
                target TEXT NOT NULL,
                outcome TEXT NOT NULL,
                deliveries INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                detail TEXT,
                PRIMARY KEY (run_id, status, target)) WITHOUT ROWID;
            """);
    }

    public async ValueTask<bool> TryClaimAsync(NotificationKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existing = await ReadAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
        if (existing is { } record
            && record.Outcome != NotificationOutcome.Failed
            && !(record.Outcome == NotificationOutcome.InProgress && now - record.UpdatedAt > StaleClaim))
        {
            return false;
        }

        await WriteAsync(connection, transaction, new NotificationRecord(key, NotificationOutcome.InProgress, (existing?.Deliveries ?? 0) + 1, now, null), cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask CompleteAsync(NotificationKey key, NotificationOutcome outcome, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var deliveries = (await ReadAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false))?.Deliveries ?? 1;
        await WriteAsync(connection, transaction, new NotificationRecord(key, outcome, deliveries, _time.GetUtcNow(), detail), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAsync(NotificationKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM notifications WHERE run_id = $run AND status = $status AND target = $target AND outcome = 'InProgress'";
        Bind(command, key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<NotificationRecord>> ForRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT run_id, status, target, outcome, deliveries, updated_at, detail FROM notifications WHERE run_id = $run";
        command.Parameters.AddWithValue("$run", runId.ToString());
        var records = new List<NotificationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(ToRecord(reader));
        }

        return records;
    }

    private static async Task<NotificationRecord?> ReadAsync(SqliteConnection connection, SqliteTransaction transaction, NotificationKey key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT run_id, status, target, outcome, deliveries, updated_at, detail FROM notifications WHERE run_id = $run AND status = $status AND target = $target";
        Bind(command, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ToRecord(reader) : null;
    }

    private static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, NotificationRecord record, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO notifications (run_id, status, target, outcome, deliveries, updated_at, detail)
            VALUES ($run, $status, $target, $outcome, $deliveries, $updated, $detail)
            """;
        Bind(command, record.Key);
        command.Parameters.AddWithValue("$outcome", record.Outcome.ToString());
        command.Parameters.AddWithValue("$deliveries", record.Deliveries);
        command.Parameters.AddWithValue("$updated", record.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$detail", (object?)record.Detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NotificationRecord ToRecord(SqliteDataReader reader) => new(
        new NotificationKey(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2)),
        Enum.Parse<NotificationOutcome>(reader.GetString(3)),
        reader.GetInt32(4),
        DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        reader.IsDBNull(6) ? null : reader.GetString(6));

    private static void Bind(SqliteCommand command, NotificationKey key)
    {
        command.Parameters.AddWithValue("$run", key.RunId.ToString());
        command.Parameters.AddWithValue("$status", key.Status);
        command.Parameters.AddWithValue("$target", key.Target);
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
}
