namespace Platform.Contracts;

/// <summary>
/// Asks a Coordinator for a run's stored output after <see cref="AfterCursor"/> (0: from the start),
/// of one step and attempt when given; answered with <see cref="RunLogs"/>. Polled to follow a live run.
/// </summary>
public sealed record GetRunLogs(Guid RunId, string? StepId, int? Attempt, long AfterCursor);

/// <summary>The answer to <see cref="GetRunLogs"/>; <see cref="Status"/> is the run's (<c>running</c>, <c>succeeded</c>, …), null when there is no such run.</summary>
public sealed record RunLogs(Guid RunId, string? Status, IReadOnlyList<RunLogChunk> Chunks, IReadOnlyList<RunLogOmission> Omissions, long Cursor);

/// <summary>A stored batch of one attempt's output; <see cref="Cursor"/> orders the run's batches as they arrived.</summary>
public sealed record RunLogChunk(long Cursor, string StepId, int Attempt, long Sequence, DateTimeOffset At, string Text);

/// <summary>Output of an attempt cut by the Coordinator's bound, after batch <see cref="AfterSequence"/>.</summary>
public sealed record RunLogOmission(string StepId, int Attempt, long AfterSequence, long Lines, long Bytes);
