using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using Platform.Pipelines.Engine;

namespace Platform.Storage.MongoDb;

/// <summary>
/// Runs in MongoDB for the distributed services. A run is one small document; each engine event is
/// its own document keyed by (run, sequence), so an event never rewrites anything proportional to
/// the run's size. GUIDs are stored in the standard representation. Untested here (no MongoDB
/// server on this machine): the contract tests run it whenever MONGODB_URI is set or Docker exists.
/// </summary>
public sealed partial class MongoRunStore : IRunStore
{
    private readonly IMongoCollection<BsonDocument> _runs;
    private readonly IMongoCollection<BsonDocument> _events;
    private readonly IMongoCollection<BsonDocument> _claims;

    static MongoRunStore() => BsonSerializer.TryRegisterSerializer(new GuidSerializer(GuidRepresentation.Standard));

    public MongoRunStore(string connectionString)
    {
        var url = MongoUrl.Create(connectionString);
        var database = new MongoClient(url).GetDatabase(url.DatabaseName ?? "platform");
        _runs = database.GetCollection<BsonDocument>("runs");
        _events = database.GetCollection<BsonDocument>("run_events");
        _claims = database.GetCollection<BsonDocument>("run_claims");
        (_artifactRows, _artifactBlobs) = OpenArtifacts(database);
        _claims.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("owner")));
        _runs.Indexes.CreateMany([
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Descending("submittedAt")),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("pipelineId").Descending("submittedAt")),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("status").Descending("submittedAt")),
        ]);
        _events.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("runId").Ascending("seq"), new CreateIndexOptions { Unique = true }));
    }

    public async Task<bool> CreateRunAsync(StoredRun run, CancellationToken cancellationToken = default)
    {
        try
        {
            await _runs.InsertOneAsync(new BsonDocument
            {
                ["_id"] = new BsonBinaryData(run.RunId, GuidRepresentation.Standard),
                ["name"] = run.Name is null ? BsonNull.Value : (BsonValue)run.Name,
                ["pipelineId"] = run.PipelineId,
                ["pipelineFile"] = run.PipelineFile,
                ["pipelineYaml"] = run.PipelineYaml,
                ["inputs"] = new BsonDocument(run.Inputs.ToDictionary(i => i.Key, i => (object)i.Value)),
                ["status"] = run.Status.ToWire(),
                ["submittedAt"] = run.SubmittedAt.UtcDateTime,
                ["finishedAt"] = run.FinishedAt is { } f ? (BsonValue)f.UtcDateTime : BsonNull.Value,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public Task UpdateStatusAsync(Guid runId, RunStatus status, DateTimeOffset? finishedAt, CancellationToken cancellationToken = default) =>
        _runs.UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", new BsonBinaryData(runId, GuidRepresentation.Standard)),
            Builders<BsonDocument>.Update.Set("status", status.ToWire()).Set("finishedAt", finishedAt is { } f ? (BsonValue)f.UtcDateTime : BsonNull.Value),
            cancellationToken: cancellationToken);

    public async Task<bool> AppendEventsAsync(Guid runId, long firstSequence, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default)
    {
        var id = new BsonBinaryData(runId, GuidRepresentation.Standard);
        var documents = events.Select((e, i) => new BsonDocument
        {
            ["runId"] = id,
            ["seq"] = firstSequence + i,
            ["body"] = RunEventJson.Serialize(e),
        });
        try
        {
            // Ordered: the first duplicate stops the insert. A conflict is always on the first number (see
            // IRunStore), so nothing of a refused batch is written.
            await _events.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = true }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MongoBulkWriteException ex) when (ex.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
        {
            return false;
        }
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(Guid runId, CancellationToken cancellationToken = default) =>
        ReadEventsFromAsync(runId, 0, cancellationToken);

    public async Task<IReadOnlyList<RunEvent>> ReadEventsFromAsync(Guid runId, long fromSequence, CancellationToken cancellationToken = default)
    {
        var filter = Builders<BsonDocument>.Filter.And(
            Builders<BsonDocument>.Filter.Eq("runId", new BsonBinaryData(runId, GuidRepresentation.Standard)),
            Builders<BsonDocument>.Filter.Gte("seq", fromSequence));
        var documents = await _events.Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Ascending("seq")).ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.Select(d => RunEventJson.Deserialize(d["body"].AsString)).ToList();
    }

    public async Task<StoredRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var document = await _runs.Find(Builders<BsonDocument>.Filter.Eq("_id", new BsonBinaryData(runId, GuidRepresentation.Standard)))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return document is null ? null : ToRun(document);
    }

    public async Task<IReadOnlyList<StoredRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        var filter = Builders<BsonDocument>.Filter.Empty;
        if (query.PipelineId is { } pipeline)
        {
            filter &= Builders<BsonDocument>.Filter.Eq("pipelineId", pipeline);
        }

        if (query.Status is { } status)
        {
            filter &= Builders<BsonDocument>.Filter.Eq("status", status.ToWire());
        }

        if (query.IdPrefix is { } prefix)
        {
            // Ids are binary GUIDs: a prefix of their text is matched on the newest 10,000 runs.
            var recent = await _runs.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("submittedAt")).Limit(10_000)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return recent.Select(ToRun).Where(r => r.RunId.ToString().StartsWith(prefix, StringComparison.Ordinal)).Skip(query.Skip).Take(query.Take).ToList();
        }

        var documents = await _runs.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("submittedAt").Ascending("_id"))
            .Skip(query.Skip).Limit(query.Take).ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.Select(ToRun).ToList();
    }

    public async Task<IReadOnlyList<StoredRun>> UnfinishedRunsAsync(CancellationToken cancellationToken = default)
    {
        var documents = await _runs.Find(Builders<BsonDocument>.Filter.Nin("status", new[] { "succeeded", "failed", "cancelled" }))
            .Sort(Builders<BsonDocument>.Sort.Ascending("submittedAt")).ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.Select(ToRun).ToList();
    }

    private static StoredRun ToRun(BsonDocument d) => new(
        d["_id"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard),
        d["name"].IsBsonNull ? null : d["name"].AsString,
        d["pipelineId"].AsString,
        d["pipelineFile"].AsString,
        d["pipelineYaml"].AsString,
        d["inputs"].AsBsonDocument.ToDictionary(e => e.Name, e => e.Value.AsString),
        StatusNames.ParseRunStatus(d["status"].AsString),
        new DateTimeOffset(d["submittedAt"].ToUniversalTime()),
        d["finishedAt"].IsBsonNull ? null : new DateTimeOffset(d["finishedAt"].ToUniversalTime()));
}
