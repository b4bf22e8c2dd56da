using System.Text;

namespace Platform.Executor.Artifacts;

/// <summary>
/// Which of the run's secrets a file holds, read in blocks (a file is never held whole to be scanned).
/// Checked here, before anything is sent, because only the Coordinator that owns the run knows its
/// secrets, and another replica may answer a <c>StoreArtifact</c>.
/// </summary>
internal static class SecretScan
{
    private const int Block = 64 * 1024;

    /// <returns>The name of a secret whose value the file contains, or null.</returns>
    public static async Task<string?> FindAsync(string path, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        var patterns = secrets.Where(s => s.Value.Length > 0).Select(s => (s.Key, Bytes: Encoding.UTF8.GetBytes(s.Value))).ToList();
        if (patterns.Count == 0)
        {
            return null;
        }

        // Each read keeps the previous block's last (longest − 1) bytes in front, so a value across two blocks is found.
        var overlap = patterns.Max(p => p.Bytes.Length) - 1;
        var buffer = new byte[overlap + Block];
        var kept = 0;
        await using var stream = File.OpenRead(path);
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(kept, Block), cancellationToken).ConfigureAwait(false)) > 0)
        {
            var window = buffer.AsSpan(0, kept + read);
            foreach (var (name, bytes) in patterns)
            {
                if (window.IndexOf(bytes) >= 0)
                {
                    return name;
                }
            }

            kept = Math.Min(overlap, window.Length);
            window[^kept..].CopyTo(buffer);
        }

        return null;
    }
}
