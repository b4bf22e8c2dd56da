using MongoDB.Bson;
using MongoDB.Driver;

namespace Platform.Storage.MongoDb;

/// <summary>Run claims (<see cref="IRunClaims"/>) in collection <c>run_claims</c>: <c>{ _id: run id, owner, until: UTC ticks }</c>.</summary>
public sealed partial class MongoRunStore : IRunClaims
{
    public async Task<RunClaim?> GetClaimAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var claim = await _claims.Find(ById(runId)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return claim is null ? null : new RunClaim(claim["owner"].AsString, new DateTimeOffset(claim["until"].ToInt64(), TimeSpan.Zero));
    }

    public Task ClaimAsync(Guid runId, string owner, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _claims.UpdateOneAsync(ById(runId),
            Builders<BsonDocument>.Update.Set("owner", owner).Set("until", until.UtcTicks),
            new UpdateOptions { IsUpsert = true }, cancellationToken);

    public Task RenewAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _claims.UpdateManyAsync(Builders<BsonDocument>.Filter.Eq("owner", owner), Builders<BsonDocument>.Update.Set("until", until.UtcTicks),
            cancellationToken: cancellationToken);

    public Task ReleaseAsync(string owner, CancellationToken cancellationToken = default) =>
        _claims.UpdateManyAsync(Builders<BsonDocument>.Filter.Eq("owner", owner), Builders<BsonDocument>.Update.Set("until", 0L),
            cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<Guid>> ClaimOrphansAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var won = new List<Guid>();
        foreach (var run in await UnfinishedRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (run.SubmittedAt >= now - (until - now) && await _claims.Find(ById(run.RunId)).AnyAsync(cancellationToken).ConfigureAwait(false) is false)
            {
                continue; // just created: its creator claims it in a moment
            }

            try
            {
                // Matches only an ended claim; with none at all the upsert inserts one. A live claim makes
                // the upsert collide on _id: another replica holds the run.
                var result = await _claims.UpdateOneAsync(
                    Builders<BsonDocument>.Filter.And(ById(run.RunId), Builders<BsonDocument>.Filter.Lt("until", now.UtcTicks)),
                    Builders<BsonDocument>.Update.Set("owner", owner).Set("until", until.UtcTicks),
                    new UpdateOptions { IsUpsert = true }, cancellationToken).ConfigureAwait(false);
                if (result.ModifiedCount == 1 || result.UpsertedId is not null)
                {
                    won.Add(run.RunId);
                }
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                // Held by a live replica.
            }
        }

        return won;
    }

    private static FilterDefinition<BsonDocument> ById(Guid runId) =>
        Builders<BsonDocument>.Filter.Eq("_id", new BsonBinaryData(runId, GuidRepresentation.Standard));
}
