using Microsoft.Data.Sqlite;

namespace Platform.Storage.Sqlite;

/// <summary>
/// What other processes ask of live runs (<see cref="IRunCommands"/>, table <c>run_commands</c>) and
/// step output (<see cref="IRunLogs"/>, tables <c>step_logs</c> and <c>step_log_totals</c>).
/// </summary>
public sealed partial class SqliteRunStore : IRunCommands, IRunLogs
{
    private static void CreateOperationTables(SqliteConnection connection) => Execute(connection, """
        CREATE TABLE IF NOT EXISTS run_commands (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS run_commands_by_run ON run_commands (run_id);
        CREATE TABLE IF NOT EXISTS step_logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            at INTEGER NOT NULL,
            text TEXT NOT NULL,
            lines INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            head INTEGER NOT NULL,
            UNIQUE (run_id, step_id, attempt, seq));
        CREATE INDEX IF NOT EXISTS step_logs_by_run ON step_logs (run_id, id);
        CREATE TABLE IF NOT EXISTS step_log_totals (
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            head_bytes INTEGER NOT NULL,
            kept_bytes INTEGER NOT NULL,
            head_last_seq INTEGER NOT NULL,
            head_open INTEGER NOT NULL,
            omitted_lines INTEGER NOT NULL,
            omitted_bytes INTEGER NOT NULL,
            PRIMARY KEY (run_id, step_id, attempt)) WITHOUT ROWID;
        """);

    public Task EnqueueCommandAsync(Guid runId, RunCommandKind kind, string body, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ExecuteAsync("INSERT INTO run_commands (run_id, kind, body, at) VALUES ($id, $kind, $body, $at)", cancellationToken,
            ("$id", runId.ToString()), ("$kind", kind.ToString()), ("$body", body), ("$at", at.UtcTicks));

    public async Task<IReadOnlyList<RunCommand>> TakeCommandsAsync(string owner, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using (var any = connection.CreateCommand())
        {
            // Read first: every owner polls, and an empty inbox (nearly always) should cost no write lock.
            any.CommandText = "SELECT EXISTS (SELECT 1 FROM run_commands)";
            if (Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
        }

        await using var command = connection.CreateCommand();
        // One statement: a command is returned to exactly one taker.
        command.CommandText = """
            DELETE FROM run_commands WHERE run_id IN (SELECT run_id FROM run_claims WHERE owner = $owner)
            RETURNING id, run_id, kind, body, at
            """;
        command.Parameters.AddWithValue("$owner", owner);
        var taken = new List<RunCommand>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            taken.Add(new RunCommand(reader.GetInt64(0), Guid.Parse(reader.GetString(1)), Enum.Parse<RunCommandKind>(reader.GetString(2)),
                reader.GetString(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        }

        return [.. taken.OrderBy(c => c.Id)];
    }

    public async Task AppendLogAsync(Guid runId, LogChunk chunk, long maxBytesPerAttempt, CancellationToken cancellationToken = default)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(chunk.Text);
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var key = new (string, object)[] { ("$run", runId.ToString()), ("$step", chunk.StepId), ("$attempt", chunk.Attempt) };

        var totals = await ReadTotalsAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
        var inHead = totals.HeadOpen && totals.HeadBytes + bytes <= maxBytesPerAttempt / 2;
        var inserted = await ExecuteWithAsync(connection, transaction, """
            INSERT OR IGNORE INTO step_logs (run_id, step_id, attempt, seq, at, text, lines, bytes, head)
            VALUES ($run, $step, $attempt, $seq, $at, $text, $lines, $bytes, $head)
            """, cancellationToken, [.. key, ("$seq", chunk.Sequence), ("$at", chunk.At.UtcTicks), ("$text", chunk.Text), ("$lines", chunk.Lines),
                ("$bytes", bytes), ("$head", inHead ? 1 : 0)]).ConfigureAwait(false);
        if (inserted == 0)
        {
            return; // a redelivered batch: kept once
        }

        totals = inHead
            ? totals with { HeadBytes = totals.HeadBytes + bytes, HeadLastSeq = chunk.Sequence, KeptBytes = totals.KeptBytes + bytes }
            : totals with { HeadOpen = false, KeptBytes = totals.KeptBytes + bytes };

        // Over the bound: drop the oldest output after the head until it fits.
        while (totals.KeptBytes > maxBytesPerAttempt)
        {
            await using var oldest = connection.CreateCommand();
            oldest.Transaction = transaction;
            oldest.CommandText = """
                DELETE FROM step_logs WHERE id = (SELECT id FROM step_logs
                    WHERE run_id = $run AND step_id = $step AND attempt = $attempt AND head = 0 ORDER BY seq LIMIT 1)
                RETURNING lines, bytes
                """;
            foreach (var (name, value) in key)
            {
                oldest.Parameters.AddWithValue(name, value);
            }

            await using var reader = await oldest.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            totals = totals with
            {
                KeptBytes = totals.KeptBytes - reader.GetInt64(1),
                OmittedLines = totals.OmittedLines + reader.GetInt64(0),
                OmittedBytes = totals.OmittedBytes + reader.GetInt64(1),
            };
        }

        await ExecuteWithAsync(connection, transaction, """
            INSERT INTO step_log_totals (run_id, step_id, attempt, head_bytes, kept_bytes, head_last_seq, head_open, omitted_lines, omitted_bytes)
            VALUES ($run, $step, $attempt, $head_bytes, $kept, $head_last, $head_open, $omitted_lines, $omitted_bytes)
            ON CONFLICT (run_id, step_id, attempt) DO UPDATE SET head_bytes = excluded.head_bytes, kept_bytes = excluded.kept_bytes,
                head_last_seq = excluded.head_last_seq, head_open = excluded.head_open, omitted_lines = excluded.omitted_lines,
                omitted_bytes = excluded.omitted_bytes
            """, cancellationToken, [.. key, ("$head_bytes", totals.HeadBytes), ("$kept", totals.KeptBytes), ("$head_last", totals.HeadLastSeq),
                ("$head_open", totals.HeadOpen ? 1 : 0), ("$omitted_lines", totals.OmittedLines), ("$omitted_bytes", totals.OmittedBytes)]).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunLogPage> ReadLogsAsync(Guid runId, string? stepId, int? attempt, long afterCursor, int take = IRunLogs.PageSize, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var filter = (stepId is null ? "" : " AND step_id = $step") + (attempt is null ? "" : " AND attempt = $attempt");
        var chunks = new List<StoredLogChunk>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT id, step_id, attempt, seq, at, text FROM step_logs WHERE run_id = $run AND id > $after{filter} ORDER BY id LIMIT $take";
            AddFilter(command);
            command.Parameters.AddWithValue("$after", afterCursor);
            command.Parameters.AddWithValue("$take", take);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                chunks.Add(new StoredLogChunk(reader.GetInt64(0), new LogChunk(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3),
                    new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero), reader.GetString(5))));
            }
        }

        var omissions = new List<LogOmission>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT step_id, attempt, head_last_seq, omitted_lines, omitted_bytes FROM step_log_totals WHERE run_id = $run AND omitted_bytes > 0{filter}";
            AddFilter(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                omissions.Add(new LogOmission(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        return new RunLogPage(chunks, omissions, chunks.Count > 0 ? chunks[^1].Cursor : afterCursor);

        void AddFilter(SqliteCommand command)
        {
            command.Parameters.AddWithValue("$run", runId.ToString());
            if (stepId is not null)
            {
                command.Parameters.AddWithValue("$step", stepId);
            }

            if (attempt is not null)
            {
                command.Parameters.AddWithValue("$attempt", attempt);
            }
        }
    }

    private sealed record LogTotals(long HeadBytes, long KeptBytes, long HeadLastSeq, bool HeadOpen, long OmittedLines, long OmittedBytes);

    private static async Task<LogTotals> ReadTotalsAsync(SqliteConnection connection, SqliteTransaction transaction, (string, object)[] key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT head_bytes, kept_bytes, head_last_seq, head_open, omitted_lines, omitted_bytes FROM step_log_totals
            WHERE run_id = $run AND step_id = $step AND attempt = $attempt
            """;
        foreach (var (name, value) in key)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new LogTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3) == 1, reader.GetInt64(4), reader.GetInt64(5))
            : new LogTotals(0, 0, -1, true, 0, 0);
    }

    private static async Task<int> ExecuteWithAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken,
        IEnumerable<(string Name, object Value)> parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
