using Microsoft.Data.Sqlite;

namespace Platform.Storage.Sqlite;

/// <summary>Run claims (<see cref="IRunClaims"/>) in table <c>run_claims</c>; times as UTC ticks.</summary>
public sealed partial class SqliteRunStore : IRunClaims
{
    public async Task<RunClaim?> GetClaimAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT owner, until FROM run_claims WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new RunClaim(reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero))
            : null;
    }

    public Task ClaimAsync(Guid runId, string owner, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            INSERT INTO run_claims (run_id, owner, until) VALUES ($id, $owner, $until)
            ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
            """, cancellationToken, ("$id", runId.ToString()), ("$owner", owner), ("$until", until.UtcTicks));

    public Task RenewAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE run_claims SET until = $until WHERE owner = $owner", cancellationToken, ("$owner", owner), ("$until", until.UtcTicks));

    public Task ReleaseAsync(string owner, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE run_claims SET until = 0 WHERE owner = $owner", cancellationToken, ("$owner", owner));

    public async Task<IReadOnlyList<Guid>> ClaimOrphansAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var candidates = new List<string>();
        await using (var connection = Open())
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = """
                SELECT r.run_id FROM runs r LEFT JOIN run_claims c ON c.run_id = r.run_id
                WHERE r.status NOT IN ('succeeded', 'failed', 'cancelled')
                  AND ((c.run_id IS NULL AND r.submitted_at < $young) OR c.until < $now)
                ORDER BY r.submitted_at
                """;
            query.Parameters.AddWithValue("$now", now.UtcTicks);
            query.Parameters.AddWithValue("$young", Time(now - (until - now)));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                candidates.Add(reader.GetString(0));
            }
        }

        var won = new List<Guid>();
        foreach (var runId in candidates)
        {
            // Atomic per run: of replicas racing for it, only the first finds the claim still ended.
            var changed = await ExecuteAsync("""
                INSERT INTO run_claims (run_id, owner, until) VALUES ($id, $owner, $until)
                ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, until = excluded.until WHERE run_claims.until < $now
                """, cancellationToken, ("$id", runId), ("$owner", owner), ("$until", until.UtcTicks), ("$now", now.UtcTicks)).ConfigureAwait(false);
            if (changed == 1)
            {
                won.Add(Guid.Parse(runId));
            }
        }

        return won;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
