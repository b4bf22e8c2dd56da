using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;

namespace Platform.Storage.MongoDb;

/// <summary>
/// Artifacts (<see cref="IRunArtifacts"/>): bytes in GridFS (bucket <c>artifacts</c>, one file per
/// SHA-256, its filename the digest), rows in <c>run_artifacts</c> keyed by run, step, attempt and path.
/// </summary>
public sealed partial class MongoRunStore : IRunArtifacts
{
    private readonly IMongoCollection<BsonDocument> _artifactRows;
    private readonly GridFSBucket _artifactBlobs;

    private static (IMongoCollection<BsonDocument>, GridFSBucket) OpenArtifacts(IMongoDatabase database)
    {
        var rows = database.GetCollection<BsonDocument>("run_artifacts");
        rows.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("runId").Ascending("stepId").Ascending("attempt").Ascending("path"), new CreateIndexOptions { Unique = true }));
        return (rows, new GridFSBucket(database, new GridFSBucketOptions { BucketName = "artifacts" }));
    }

    private static FilterDefinition<GridFSFileInfo> BlobNamed(string digest) => Builders<GridFSFileInfo>.Filter.Eq(f => f.Filename, digest);

    public async Task<IReadOnlyList<StoredArtifact>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var rows = await _artifactRows.Find(Builders<BsonDocument>.Filter.Eq("runId", new BsonBinaryData(runId, GuidRepresentation.Standard)))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id")).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new StoredArtifact(r["path"].AsString, r["digest"].AsString, r["size"].ToInt64(), r["stepId"].AsString, r["attempt"].ToInt32()))];
    }

    public async Task<bool> HasArtifactContentAsync(string digest, CancellationToken cancellationToken = default)
    {
        using var found = await _artifactBlobs.FindAsync(BlobNamed(digest), new GridFSFindOptions { Limit = 1 }, cancellationToken).ConfigureAwait(false);
        return await found.AnyAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveArtifactAsync(Guid runId, StoredArtifact artifact, byte[]? content, CancellationToken cancellationToken = default)
    {
        if (content is not null && !await HasArtifactContentAsync(artifact.Digest, cancellationToken).ConfigureAwait(false))
        {
            // Two uploads of one digest at once leave two equal files; reads take either.
            await _artifactBlobs.UploadFromBytesAsync(artifact.Digest, content, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (content is null && !await HasArtifactContentAsync(artifact.Digest, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"no content held for digest {artifact.Digest}");
        }

        try
        {
            await _artifactRows.InsertOneAsync(new BsonDocument
            {
                ["runId"] = new BsonBinaryData(runId, GuidRepresentation.Standard),
                ["stepId"] = artifact.StepId,
                ["attempt"] = artifact.Attempt,
                ["path"] = artifact.Path,
                ["digest"] = artifact.Digest,
                ["size"] = artifact.Size,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // Saved already (a redelivered message): rows are never overwritten.
        }
    }

    public async Task<byte[]?> ReadArtifactAsync(Guid runId, string digest, CancellationToken cancellationToken = default)
    {
        var held = await _artifactRows.Find(Builders<BsonDocument>.Filter.Eq("runId", new BsonBinaryData(runId, GuidRepresentation.Standard))
            & Builders<BsonDocument>.Filter.Eq("digest", digest)).AnyAsync(cancellationToken).ConfigureAwait(false);
        if (!held)
        {
            return null;
        }

        using var found = await _artifactBlobs.FindAsync(BlobNamed(digest), new GridFSFindOptions { Limit = 1 }, cancellationToken).ConfigureAwait(false);
        var file = await found.FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return file is null ? null : await _artifactBlobs.DownloadAsBytesAsync(file.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
