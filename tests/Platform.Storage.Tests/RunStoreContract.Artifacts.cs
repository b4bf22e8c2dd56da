using System.Security.Cryptography;
using Platform.ServiceDefaults.Files;

namespace Platform.Storage.Tests;

/// <summary>Artifacts, for every store: content-addressed bytes, rows per run that are never overwritten.</summary>
public abstract partial class RunStoreContract
{
    private static (StoredArtifact Row, byte[] Content) Artifact(string path, string step, int attempt = 1, int size = 5000)
    {
        var content = RandomNumberGenerator.GetBytes(size);
        return (new StoredArtifact(path, ArtifactDigest.Of(content), size, step, attempt), content);
    }

    [Fact]
    public async Task Artifacts_read_back_byte_for_byte_per_run_and_a_second_save_of_a_row_keeps_the_first()
    {
        var artifacts = Operations<IRunArtifacts>();
        var runId = Guid.NewGuid();
        var (app, appBytes) = Artifact("dist/app.bin", "build");
        var (report, reportBytes) = Artifact("report.xml", "test", attempt: 2, size: 10);

        await artifacts.SaveArtifactAsync(runId, app, appBytes);
        await artifacts.SaveArtifactAsync(runId, report, reportBytes);
        await artifacts.SaveArtifactAsync(runId, app with { Digest = report.Digest, Size = report.Size }, null); // same row again: kept as first stored

        Assert.Equal([app, report], await artifacts.ListArtifactsAsync(runId));
        Assert.Equal(appBytes, await artifacts.ReadArtifactAsync(runId, app.Digest));
        Assert.Equal(reportBytes, await artifacts.ReadArtifactAsync(runId, report.Digest));
        Assert.Null(await artifacts.ReadArtifactAsync(Guid.NewGuid(), app.Digest)); // another run holds no such artifact
        Assert.Empty(await artifacts.ListArtifactsAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Bytes_held_for_one_run_serve_another_run_storing_the_same_digest_without_them()
    {
        var artifacts = Operations<IRunArtifacts>();
        var (app, bytes) = Artifact("dist/app.bin", "build");
        Assert.False(await artifacts.HasArtifactContentAsync(app.Digest));
        await artifacts.SaveArtifactAsync(Guid.NewGuid(), app, bytes);

        var second = Guid.NewGuid();
        Assert.True(await artifacts.HasArtifactContentAsync(app.Digest));
        await artifacts.SaveArtifactAsync(second, app with { StepId = "package" }, null);

        Assert.Equal(bytes, await artifacts.ReadArtifactAsync(second, app.Digest));
    }
}
