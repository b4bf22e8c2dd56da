namespace Platform.Web.Api;

/// <summary>Output kept for a step after a cursor; ask again from <see cref="Cursor"/> for more.</summary>
public sealed record StepLogs(string RunStatus, IReadOnlyList<LogChunkBody> Chunks, IReadOnlyList<string> Omitted, long Cursor);
