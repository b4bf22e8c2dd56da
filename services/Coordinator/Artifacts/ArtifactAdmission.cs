using System.Globalization;
using System.Text;
using Platform.Contracts;
using Platform.ServiceDefaults.Files;
using Platform.Storage;

namespace Platform.Coordinator.Artifacts;

/// <summary>
/// Whether a file may join the run's artifacts: inside the workspace, under the per-file and per-run
/// caps, not a path another step already stored (immutable, never last-write-wins), and holding no
/// secret value of the run (refused, not masked: an artifact may be binary, and a masked one would be
/// a different file from the one the step made).
/// </summary>
internal static class ArtifactAdmission
{
    /// <summary>Why the file is refused before its bytes are seen; null when it may be stored.</summary>
    public static string? Refusal(StoreArtifact request, IReadOnlyList<StoredArtifact> stored, ArtifactOptions caps)
    {
        var path = request.Path;
        if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Any(s => s is ".." or ""))
        {
            return $"artifact '{path}' is not a path inside the step's working directory";
        }

        if (request.Size > caps.MaxFileBytes)
        {
            return $"artifact {path} is {Size(request.Size)}, over the {Cap(caps.MaxFileBytes)} per-file cap (Artifacts:MaxFileBytes)";
        }

        if (stored.FirstOrDefault(a => a.Path == path && a.StepId != request.StepId) is { } other)
        {
            return $"artifact {path} is already stored by step '{other.StepId}' (attempt {other.Attempt}): artifacts are immutable, give each path one step";
        }

        var total = stored.Where(a => !IsSame(a, request)).Sum(a => a.Size) + request.Size;
        return total > caps.MaxRunBytes
            ? $"artifact {path} would bring the run's artifacts to {Size(total)}, over the {Cap(caps.MaxRunBytes)} per-run cap (Artifacts:MaxRunBytes)"
            : null;
    }

    /// <summary>Why the bytes are refused: a digest that is not theirs, or a secret value of the run in them.</summary>
    public static string? ContentRefusal(StoreArtifact request, byte[] content, IReadOnlyDictionary<string, string> secrets)
    {
        if (content.LongLength != request.Size || ArtifactDigest.Of(content) != request.Digest)
        {
            return $"artifact {request.Path} arrived damaged (size or SHA-256 differs from what its Executor measured)";
        }

        foreach (var (name, value) in secrets)
        {
            if (value.Length > 0 && content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0)
            {
                return $"artifact {request.Path} contains the value of secret '{name}': not stored";
            }
        }

        return null;
    }

    /// <summary>The same row again (a redelivered request): stored once, counted once.</summary>
    public static bool IsSame(StoredArtifact a, StoreArtifact request) =>
        a.StepId == request.StepId && a.Attempt == request.Attempt && a.Path == request.Path;

    private static string Size(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB");

    private static string Cap(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.##} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
