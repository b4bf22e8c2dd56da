namespace Platform.Storage.InMemory;

/// <summary>Commands and step output in memory, with the bound of <see cref="IRunLogs"/>.</summary>
public sealed partial class InMemoryRunStore : IRunCommands, IRunLogs
{
    private readonly Lock _operations = new();
    private readonly List<RunCommand> _commands = [];
    private readonly List<(Guid RunId, StoredLogChunk Stored, bool Head)> _logs = [];
    private readonly Dictionary<(Guid, string, int), Totals> _totals = [];
    private long _nextId;

    private sealed record Totals(long HeadBytes, long KeptBytes, long HeadLastSeq, bool HeadOpen, long OmittedLines, long OmittedBytes);

    public Task EnqueueCommandAsync(Guid runId, RunCommandKind kind, string body, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_operations)
        {
            _commands.Add(new RunCommand(++_nextId, runId, kind, body, at));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunCommand>> TakeCommandsAsync(string owner, CancellationToken cancellationToken = default)
    {
        HashSet<Guid> held;
        lock (_claims)
        {
            held = [.. _claims.Where(c => c.Value.Owner == owner).Select(c => c.Key)];
        }

        lock (_operations)
        {
            var taken = _commands.Where(c => held.Contains(c.RunId)).ToList();
            _commands.RemoveAll(taken.Contains);
            return Task.FromResult<IReadOnlyList<RunCommand>>(taken);
        }
    }

    public Task AppendLogAsync(Guid runId, LogChunk chunk, long maxBytesPerAttempt, CancellationToken cancellationToken = default)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(chunk.Text);
        var key = (runId, chunk.StepId, chunk.Attempt);
        lock (_operations)
        {
            if (_logs.Exists(l => l.RunId == runId && l.Stored.Chunk.StepId == chunk.StepId && l.Stored.Chunk.Attempt == chunk.Attempt && l.Stored.Chunk.Sequence == chunk.Sequence))
            {
                return Task.CompletedTask;
            }

            var totals = _totals.GetValueOrDefault(key) ?? new Totals(0, 0, -1, true, 0, 0);
            var inHead = totals.HeadOpen && totals.HeadBytes + bytes <= maxBytesPerAttempt / 2;
            _logs.Add((runId, new StoredLogChunk(++_nextId, chunk), inHead));
            totals = inHead
                ? totals with { HeadBytes = totals.HeadBytes + bytes, HeadLastSeq = chunk.Sequence, KeptBytes = totals.KeptBytes + bytes }
                : totals with { HeadOpen = false, KeptBytes = totals.KeptBytes + bytes };
            while (totals.KeptBytes > maxBytesPerAttempt)
            {
                var oldest = _logs.FindIndex(l => !l.Head && l.RunId == runId && l.Stored.Chunk.StepId == chunk.StepId && l.Stored.Chunk.Attempt == chunk.Attempt);
                if (oldest < 0)
                {
                    break;
                }

                var dropped = _logs[oldest].Stored.Chunk;
                var droppedBytes = System.Text.Encoding.UTF8.GetByteCount(dropped.Text);
                _logs.RemoveAt(oldest);
                totals = totals with { KeptBytes = totals.KeptBytes - droppedBytes, OmittedLines = totals.OmittedLines + dropped.Lines, OmittedBytes = totals.OmittedBytes + droppedBytes };
            }

            _totals[key] = totals;
        }

        return Task.CompletedTask;
    }

    public Task<RunLogPage> ReadLogsAsync(Guid runId, string? stepId, int? attempt, long afterCursor, int take = IRunLogs.PageSize, CancellationToken cancellationToken = default)
    {
        lock (_operations)
        {
            bool Wanted(string step, int a) => (stepId is null || step == stepId) && (attempt is null || a == attempt);
            var chunks = _logs.Where(l => l.RunId == runId && l.Stored.Cursor > afterCursor && Wanted(l.Stored.Chunk.StepId, l.Stored.Chunk.Attempt))
                .Select(l => l.Stored).Take(take).ToList();
            var omissions = _totals.Where(t => t.Key.Item1 == runId && t.Value.OmittedBytes > 0 && Wanted(t.Key.Item2, t.Key.Item3))
                .Select(t => new LogOmission(t.Key.Item2, t.Key.Item3, t.Value.HeadLastSeq, t.Value.OmittedLines, t.Value.OmittedBytes)).ToList();
            return Task.FromResult(new RunLogPage(chunks, omissions, chunks.Count > 0 ? chunks[^1].Cursor : afterCursor));
        }
    }
}
