using Platform.Contracts;

namespace Platform.Coordinator.Progress;

/// <summary>
/// A run's gathered step status changes as <see cref="RunProgressed"/> messages of bounded size, in order.
/// One message a flush carried everything of the last <c>ProgressInterval</c>: 1,000 and more changes in a
/// wide fan-out of short steps, a body (and serialiser buffers) past the runtime's large-object threshold
/// (85,000 bytes). In a fresh process such an allocation started a full garbage collection that stopped the
/// run for about 20 ms (bench/results/perf-profile.md, "Progress in pieces"). A piece holds at most
/// <see cref="MaxChanges"/> changes and about <see cref="MaxChars"/> characters of text; a single change
/// larger than that (a long log tail) goes alone.
/// </summary>
public static class ProgressPieces
{
    /// <summary>Changes per message at most.</summary>
    public const int MaxChanges = 128;

    /// <summary>About this many characters per message at most: well under the large-object threshold once serialised.</summary>
    public const int MaxChars = 16 * 1024;

    /// <summary>What a change costs besides its texts: property names, status, attempt, time, resource figures.</summary>
    private const int CharsPerChange = 160;

    public static IEnumerable<RunProgressed> Of(Guid runId, IReadOnlyList<StepStatusChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var piece = new List<StepStatusChange>();
        var chars = 0;
        foreach (var change in changes)
        {
            var size = CharsPerChange + change.StepId.Length + (change.Reason?.Length ?? 0) + (change.LogTail?.Length ?? 0);
            if (piece.Count > 0 && (piece.Count == MaxChanges || chars + size > MaxChars))
            {
                yield return new RunProgressed(runId, piece);
                piece = [];
                chars = 0;
            }

            piece.Add(change);
            chars += size;
        }

        if (piece.Count > 0)
        {
            yield return new RunProgressed(runId, piece);
        }
    }
}
