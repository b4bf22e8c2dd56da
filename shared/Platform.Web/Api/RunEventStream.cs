using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Pipelines.Engine;
using Platform.Web.Runs;

namespace Platform.Web.Api;

/// <summary>
/// <c>GET /api/runs/{id}/events</c>: server-sent events read from the run store, so they work the same
/// whoever drives the run. <c>run</c> when its status or event count changed (and every few seconds while
/// it goes on, so open bars grow), <c>log</c> per chunk of output, <c>end</c> once it finished and its
/// last output was sent.
/// </summary>
internal static class RunEventStream
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> Stream(string id, RunReader reader,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return Problems.NoRun(id);
        }

        return TypedResults.ServerSentEvents(Events(run.RunId, reader, clock, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(Guid runId, RunReader reader, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = 0L;
        var seen = (Status: (RunStatus?)null, Events: -1);
        var lastSent = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var run = await reader.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (run is null)
            {
                yield break;
            }

            // Only the events stored since the last look: a long run is not read whole every poll.
            var events = seen.Events < 0 ? 0 : seen.Events;
            events += (await reader.Store.ReadEventsFromAsync(runId, events, cancellationToken).ConfigureAwait(false)).Count;
            var page = await reader.LogsAsync(runId, null, null, cursor, cancellationToken).ConfigureAwait(false);
            foreach (var chunk in page.Chunks)
            {
                var c = chunk.Chunk;
                yield return new SseItem<string>(JsonSerializer.Serialize(new LogChunkBody(c.StepId, c.Attempt, c.At, c.Text), Json), "log");
            }

            cursor = page.Cursor;
            var now = clock.GetUtcNow();
            if (seen != (run.Status, events) || (!run.IsFinished && now - lastSent >= Heartbeat))
            {
                seen = (run.Status, events);
                lastSent = now;
                yield return new SseItem<string>(JsonSerializer.Serialize(new { status = run.Status.ToWire(), events }, Json), "run");
            }

            if (run.IsFinished && page.Chunks.Count == 0)
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(new { status = run.Status.ToWire() }, Json), "end");
                yield break;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
