namespace Platform.Storage;

/// <summary>
/// A batch of one attempt's output as its Executor sent it: whole lines (the last may be cut at the
/// batch size), numbered from 0 per attempt. <see cref="At"/> is when its first line was read.
/// </summary>
public sealed record LogChunk(string StepId, int Attempt, long Sequence, DateTimeOffset At, string Text)
{
    public int Lines => Text.Length == 0 ? 0 : Text.Count(c => c == '\n') + (Text[^1] == '\n' ? 0 : 1);
}

/// <summary>A stored chunk with its place in the run's log (<see cref="Cursor"/> grows in arrival order).</summary>
public sealed record StoredLogChunk(long Cursor, LogChunk Chunk);

/// <summary>Output of an attempt cut by the bound: the lines after chunk <see cref="AfterSequence"/> that were not kept.</summary>
public sealed record LogOmission(string StepId, int Attempt, long AfterSequence, long Lines, long Bytes);

/// <summary>Chunks after a cursor, the omissions of the attempts they belong to, and the cursor to ask from next.</summary>
public sealed record RunLogPage(IReadOnlyList<StoredLogChunk> Chunks, IReadOnlyList<LogOmission> Omissions, long Cursor);

/// <summary>
/// Step output kept with the run, per attempt, bounded: the first half of the bound is kept as it
/// came (how the step began), then the newest output up to the bound (how it ended); what falls
/// between is counted — lines and bytes — and shown as one omission marker. Appending a chunk twice
/// (a redelivered batch) keeps it once.
/// </summary>
public interface IRunLogs
{
    Task AppendLogAsync(Guid runId, LogChunk chunk, long maxBytesPerAttempt, CancellationToken cancellationToken = default);

    /// <summary>
    /// At most <paramref name="take"/> chunks stored after <paramref name="afterCursor"/> (0: from the start), of one
    /// step and attempt when given; ask again from the page's cursor for the rest.
    /// </summary>
    Task<RunLogPage> ReadLogsAsync(Guid runId, string? stepId, int? attempt, long afterCursor, int take = PageSize, CancellationToken cancellationToken = default);

    /// <summary>Chunks in one page by default: a page stays well under a broker message's size.</summary>
    const int PageSize = 500;
}
