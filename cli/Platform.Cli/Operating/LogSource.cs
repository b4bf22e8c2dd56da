using MassTransit;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Cli.Operating;

/// <summary>One read of a run's stored output: new chunks after a cursor, the run's status then.</summary>
internal sealed record LogRead(IReadOnlyList<RunLogChunk> Chunks, IReadOnlyList<RunLogOmission> Omissions, long Cursor, RunStatus? Status);

/// <summary>Where <c>logs</c> reads a run's output: the run store itself (embedded), or a Coordinator over the bus.</summary>
internal interface ILogSource
{
    Task<LogRead> ReadAsync(Guid runId, string? stepId, int? attempt, long afterCursor, CancellationToken cancellationToken);
}

internal sealed class StoreLogSource(IRunStore store) : ILogSource
{
    public async Task<LogRead> ReadAsync(Guid runId, string? stepId, int? attempt, long afterCursor, CancellationToken cancellationToken)
    {
        // The status first: output read after a finished status is all there is.
        var status = (await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false))?.Status;
        if (store is not IRunLogs logs)
        {
            return new LogRead([], [], afterCursor, status);
        }

        var page = await logs.ReadLogsAsync(runId, stepId, attempt, afterCursor, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new LogRead(
            [.. page.Chunks.Select(c => new RunLogChunk(c.Cursor, c.Chunk.StepId, c.Chunk.Attempt, c.Chunk.Sequence, c.Chunk.At, c.Chunk.Text))],
            [.. page.Omissions.Select(o => new RunLogOmission(o.StepId, o.Attempt, o.AfterSequence, o.Lines, o.Bytes))],
            page.Cursor, status);
    }
}

internal sealed class BusLogSource(IBus bus) : ILogSource
{
    public async Task<LogRead> ReadAsync(Guid runId, string? stepId, int? attempt, long afterCursor, CancellationToken cancellationToken)
    {
        var client = bus.CreateRequestClient<GetRunLogs>(RequestTimeout.After(s: 10));
        var answer = (await client.GetResponse<RunLogs>(new GetRunLogs(runId, stepId, attempt, afterCursor), cancellationToken).ConfigureAwait(false)).Message;
        return new LogRead(answer.Chunks, answer.Omissions, answer.Cursor, answer.Status is { } s ? StatusNames.ParseRunStatus(s) : null);
    }
}
