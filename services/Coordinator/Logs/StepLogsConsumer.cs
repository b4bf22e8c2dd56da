using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Running;
using Platform.Storage;

namespace Platform.Coordinator.Logs;

/// <summary>
/// Keeps each batch of a running step's output with its run, bounded per attempt by
/// <see cref="CoordinatorOptions.MaxLogBytesPerAttempt"/> (see <see cref="IRunLogs"/>). The store keeps or
/// drops whole chunks, so a batch is cut at line ends into pieces of at most a sixteenth of the bound
/// (batch <c>n</c>'s pieces are chunks <c>n × 65,536 + i</c>): the bound is met to within a piece. Its
/// own endpoint, not the run's saga: a chatty step never delays the run's scheduling.
/// </summary>
public sealed class StepLogsConsumer(IRunStore store, IOptions<CoordinatorOptions> options) : IConsumer<StepLogs>
{
    private const int PiecesPerBatch = 65_536;

    public async Task Consume(ConsumeContext<StepLogs> context)
    {
        if (store is not IRunLogs logs)
        {
            return;
        }

        var m = context.Message;
        var bound = Math.Max(1024, options.Value.MaxLogBytesPerAttempt);
        var pieces = Pieces(m.Text, (int)Math.Min(int.MaxValue, bound / 16)).Take(PiecesPerBatch).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            await logs.AppendLogAsync(m.RunId, new LogChunk(m.StepId, m.Attempt, m.Sequence * PiecesPerBatch + i, m.At, pieces[i]), bound, context.CancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The text in pieces of whole lines of about <paramref name="size"/> characters (a longer line is a piece of its own).</summary>
    private static IEnumerable<string> Pieces(string text, int size)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + size);
            if (end < text.Length)
            {
                var newline = text.LastIndexOf('\n', end - 1, end - start);
                end = newline >= start ? newline + 1 : Math.Max(end, text.IndexOf('\n', end) is var next and >= 0 ? next + 1 : text.Length);
            }

            yield return text[start..end];
            start = end;
        }
    }
}
