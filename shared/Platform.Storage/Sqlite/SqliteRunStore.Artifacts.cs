using Microsoft.Data.Sqlite;

namespace Platform.Storage.Sqlite;

/// <summary>
/// Artifacts (<see cref="IRunArtifacts"/>): bytes in <c>artifact_blobs</c> keyed by SHA-256, rows in
/// <c>artifacts</c> keyed by run, step, attempt and path.
/// </summary>
public sealed partial class SqliteRunStore : IRunArtifacts
{
    private static void CreateArtifactTables(SqliteConnection connection) => Execute(connection, """
        CREATE TABLE IF NOT EXISTS artifact_blobs (
            digest TEXT PRIMARY KEY,
            content BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS artifacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            path TEXT NOT NULL,
            digest TEXT NOT NULL,
            size INTEGER NOT NULL,
            UNIQUE (run_id, step_id, attempt, path));
        CREATE INDEX IF NOT EXISTS artifacts_by_run ON artifacts (run_id, id);
        """);

    public async Task<IReadOnlyList<StoredArtifact>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT path, digest, size, step_id, attempt FROM artifacts WHERE run_id = $run ORDER BY id";
        command.Parameters.AddWithValue("$run", runId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<StoredArtifact>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new StoredArtifact(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return rows;
    }

    public async Task<bool> HasArtifactContentAsync(string digest, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM artifact_blobs WHERE digest = $digest)";
        command.Parameters.AddWithValue("$digest", digest);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public async Task SaveArtifactAsync(Guid runId, StoredArtifact artifact, byte[]? content, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (content is not null)
        {
            await ExecuteWithAsync(connection, transaction, "INSERT OR IGNORE INTO artifact_blobs (digest, content) VALUES ($digest, $content)", cancellationToken,
                [("$digest", artifact.Digest), ("$content", content)]).ConfigureAwait(false);
        }

        await ExecuteWithAsync(connection, transaction, """
            INSERT OR IGNORE INTO artifacts (run_id, step_id, attempt, path, digest, size)
            SELECT $run, $step, $attempt, $path, $digest, $size WHERE EXISTS (SELECT 1 FROM artifact_blobs WHERE digest = $digest)
            """, cancellationToken,
            [("$run", runId.ToString()), ("$step", artifact.StepId), ("$attempt", artifact.Attempt), ("$path", artifact.Path),
            ("$digest", artifact.Digest), ("$size", artifact.Size)]).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]?> ReadArtifactAsync(Guid runId, string digest, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT b.content FROM artifact_blobs b
            WHERE b.digest = $digest AND EXISTS (SELECT 1 FROM artifacts a WHERE a.run_id = $run AND a.digest = $digest)
            """;
        command.Parameters.AddWithValue("$run", runId.ToString());
        command.Parameters.AddWithValue("$digest", digest);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }
}
