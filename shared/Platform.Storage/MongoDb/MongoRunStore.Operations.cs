using MongoDB.Bson;
using MongoDB.Driver;

namespace Platform.Storage.MongoDb;

/// <summary>
/// Commands (<c>run_commands</c>) and step output (<c>step_logs</c>, <c>step_log_totals</c>, a
/// per-run cursor counter in <c>step_log_cursors</c>). One attempt's batches come from one Executor
/// one after another, so its totals are updated by one writer at a time.
/// </summary>
public sealed partial class MongoRunStore : IRunCommands, IRunLogs
{
    private IMongoCollection<BsonDocument> Commands => _runs.Database.GetCollection<BsonDocument>("run_commands");

    private IMongoCollection<BsonDocument> Logs => _runs.Database.GetCollection<BsonDocument>("step_logs");

    private IMongoCollection<BsonDocument> LogTotals => _runs.Database.GetCollection<BsonDocument>("step_log_totals");

    private IMongoCollection<BsonDocument> LogCursors => _runs.Database.GetCollection<BsonDocument>("step_log_cursors");

    private static BsonBinaryData Id(Guid runId) => new(runId, GuidRepresentation.Standard);

    public Task EnqueueCommandAsync(Guid runId, RunCommandKind kind, string body, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Commands.InsertOneAsync(new BsonDocument { ["runId"] = Id(runId), ["kind"] = kind.ToString(), ["body"] = body, ["at"] = at.UtcTicks },
            cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<RunCommand>> TakeCommandsAsync(string owner, CancellationToken cancellationToken = default)
    {
        var held = await _claims.Find(Builders<BsonDocument>.Filter.Eq("owner", owner)).Project(Builders<BsonDocument>.Projection.Include("_id"))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (held.Count == 0)
        {
            return [];
        }

        var filter = Builders<BsonDocument>.Filter.In("runId", held.Select(h => h["_id"]));
        var taken = new List<RunCommand>();
        // findOneAndDelete: each command goes to exactly one taker.
        while (await Commands.FindOneAndDeleteAsync(filter, new FindOneAndDeleteOptions<BsonDocument> { Sort = Builders<BsonDocument>.Sort.Ascending("_id") },
                   cancellationToken).ConfigureAwait(false) is { } d)
        {
            taken.Add(new RunCommand(taken.Count + 1, d["runId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard), Enum.Parse<RunCommandKind>(d["kind"].AsString),
                d["body"].AsString, new DateTimeOffset(d["at"].ToInt64(), TimeSpan.Zero)));
        }

        return taken;
    }

    public async Task AppendLogAsync(Guid runId, LogChunk chunk, long maxBytesPerAttempt, CancellationToken cancellationToken = default)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(chunk.Text);
        var attemptFilter = Builders<BsonDocument>.Filter.Eq("runId", Id(runId)) & Builders<BsonDocument>.Filter.Eq("stepId", chunk.StepId)
            & Builders<BsonDocument>.Filter.Eq("attempt", chunk.Attempt);
        if (await Logs.Find(attemptFilter & Builders<BsonDocument>.Filter.Eq("seq", chunk.Sequence)).AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return; // a redelivered batch: kept once
        }

        var totals = await LogTotals.Find(attemptFilter).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? new BsonDocument { ["headBytes"] = 0L, ["keptBytes"] = 0L, ["headLastSeq"] = -1L, ["headOpen"] = true, ["omittedLines"] = 0L, ["omittedBytes"] = 0L };
        var inHead = totals["headOpen"].AsBoolean && totals["headBytes"].ToInt64() + bytes <= maxBytesPerAttempt / 2;
        var cursor = await LogCursors.FindOneAndUpdateAsync(Builders<BsonDocument>.Filter.Eq("_id", Id(runId)), Builders<BsonDocument>.Update.Inc("next", 1L),
            new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After }, cancellationToken).ConfigureAwait(false);
        await Logs.InsertOneAsync(new BsonDocument
        {
            ["runId"] = Id(runId), ["stepId"] = chunk.StepId, ["attempt"] = chunk.Attempt, ["seq"] = chunk.Sequence, ["cursor"] = cursor["next"].ToInt64(),
            ["at"] = chunk.At.UtcTicks, ["text"] = chunk.Text, ["lines"] = chunk.Lines, ["bytes"] = bytes, ["head"] = inHead,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);

        var kept = totals["keptBytes"].ToInt64() + bytes;
        var omittedLines = totals["omittedLines"].ToInt64();
        var omittedBytes = totals["omittedBytes"].ToInt64();
        while (kept > maxBytesPerAttempt && await Logs.FindOneAndDeleteAsync(attemptFilter & Builders<BsonDocument>.Filter.Eq("head", false),
                   new FindOneAndDeleteOptions<BsonDocument> { Sort = Builders<BsonDocument>.Sort.Ascending("seq") }, cancellationToken).ConfigureAwait(false) is { } dropped)
        {
            kept -= dropped["bytes"].ToInt64();
            omittedLines += dropped["lines"].ToInt64();
            omittedBytes += dropped["bytes"].ToInt64();
        }

        await LogTotals.UpdateOneAsync(attemptFilter, Builders<BsonDocument>.Update
            .Set("headBytes", totals["headBytes"].ToInt64() + (inHead ? bytes : 0))
            .Set("headLastSeq", inHead ? chunk.Sequence : totals["headLastSeq"].ToInt64())
            .Set("headOpen", inHead)
            .Set("keptBytes", kept)
            .Set("omittedLines", omittedLines)
            .Set("omittedBytes", omittedBytes), new UpdateOptions { IsUpsert = true }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunLogPage> ReadLogsAsync(Guid runId, string? stepId, int? attempt, long afterCursor, int take = IRunLogs.PageSize, CancellationToken cancellationToken = default)
    {
        var filter = Builders<BsonDocument>.Filter.Eq("runId", Id(runId));
        if (stepId is not null)
        {
            filter &= Builders<BsonDocument>.Filter.Eq("stepId", stepId);
        }

        if (attempt is not null)
        {
            filter &= Builders<BsonDocument>.Filter.Eq("attempt", attempt.Value);
        }

        var chunks = (await Logs.Find(filter & Builders<BsonDocument>.Filter.Gt("cursor", afterCursor)).Sort(Builders<BsonDocument>.Sort.Ascending("cursor")).Limit(take)
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(d => new StoredLogChunk(d["cursor"].ToInt64(), new LogChunk(d["stepId"].AsString, d["attempt"].ToInt32(), d["seq"].ToInt64(),
                new DateTimeOffset(d["at"].ToInt64(), TimeSpan.Zero), d["text"].AsString))).ToList();
        var omissions = (await LogTotals.Find(filter & Builders<BsonDocument>.Filter.Gt("omittedBytes", 0L)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(d => new LogOmission(d["stepId"].AsString, d["attempt"].ToInt32(), d["headLastSeq"].ToInt64(), d["omittedLines"].ToInt64(), d["omittedBytes"].ToInt64()))
            .ToList();
        return new RunLogPage(chunks, omissions, chunks.Count > 0 ? chunks[^1].Cursor : afterCursor);
    }
}
