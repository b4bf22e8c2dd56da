using MassTransit;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Coordinator.Logs;

/// <summary>Answers <see cref="GetRunLogs"/> from the run store, so any replica can (<c>./platform logs --broker</c>).</summary>
public sealed class GetRunLogsConsumer(IRunStore store) : IConsumer<GetRunLogs>
{
    public async Task Consume(ConsumeContext<GetRunLogs> context)
    {
        var m = context.Message;
        var run = await store.GetRunAsync(m.RunId, context.CancellationToken).ConfigureAwait(false);
        if (run is null || store is not IRunLogs logs)
        {
            await context.RespondAsync(new RunLogs(m.RunId, run?.Status.ToWire(), [], [], m.AfterCursor)).ConfigureAwait(false);
            return;
        }

        var page = await logs.ReadLogsAsync(m.RunId, m.StepId, m.Attempt, m.AfterCursor, cancellationToken: context.CancellationToken).ConfigureAwait(false);
        await context.RespondAsync(new RunLogs(m.RunId, run.Status.ToWire(),
            [.. page.Chunks.Select(c => new RunLogChunk(c.Cursor, c.Chunk.StepId, c.Chunk.Attempt, c.Chunk.Sequence, c.Chunk.At, c.Chunk.Text))],
            [.. page.Omissions.Select(o => new RunLogOmission(o.StepId, o.Attempt, o.AfterSequence, o.Lines, o.Bytes))],
            page.Cursor)).ConfigureAwait(false);
    }
}
