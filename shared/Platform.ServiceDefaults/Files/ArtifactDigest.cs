using System.Security.Cryptography;

namespace Platform.ServiceDefaults.Files;

/// <summary>An artifact's identity: SHA-256 of its bytes, lowercase hex (the same for the Executor, the Coordinator and the CLI).</summary>
public static class ArtifactDigest
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Of a file, read as a stream: a large file is never held in memory to be hashed.</summary>
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
