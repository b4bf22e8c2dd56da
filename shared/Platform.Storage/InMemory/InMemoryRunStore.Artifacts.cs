namespace Platform.Storage.InMemory;

/// <summary>Artifacts in memory (<see cref="IRunArtifacts"/>): bytes by digest, rows per run.</summary>
public sealed partial class InMemoryRunStore : IRunArtifacts
{
    private readonly Lock _artifacts = new();
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<StoredArtifact>> _artifactRows = [];

    public Task<IReadOnlyList<StoredArtifact>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        lock (_artifacts)
        {
            return Task.FromResult<IReadOnlyList<StoredArtifact>>(_artifactRows.TryGetValue(runId, out var rows) ? [.. rows] : []);
        }
    }

    public Task<bool> HasArtifactContentAsync(string digest, CancellationToken cancellationToken = default)
    {
        lock (_artifacts)
        {
            return Task.FromResult(_blobs.ContainsKey(digest));
        }
    }

    public Task SaveArtifactAsync(Guid runId, StoredArtifact artifact, byte[]? content, CancellationToken cancellationToken = default)
    {
        lock (_artifacts)
        {
            if (content is not null)
            {
                _blobs.TryAdd(artifact.Digest, [.. content]);
            }
            else if (!_blobs.ContainsKey(artifact.Digest))
            {
                throw new InvalidOperationException($"no content held for digest {artifact.Digest}");
            }

            if (!_artifactRows.TryGetValue(runId, out var rows))
            {
                _artifactRows[runId] = rows = [];
            }

            if (!rows.Exists(r => r.StepId == artifact.StepId && r.Attempt == artifact.Attempt && r.Path == artifact.Path))
            {
                rows.Add(artifact);
            }
        }

        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadArtifactAsync(Guid runId, string digest, CancellationToken cancellationToken = default)
    {
        lock (_artifacts)
        {
            var held = _artifactRows.TryGetValue(runId, out var rows) && rows.Exists(r => r.Digest == digest);
            return Task.FromResult(held && _blobs.TryGetValue(digest, out var bytes) ? (byte[]?)[.. bytes] : null);
        }
    }
}
