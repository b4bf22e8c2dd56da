using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Running;
using Platform.Storage;

namespace Platform.Coordinator.Logs;

/// <summary>
/// Keeps each batch of a running step's output with its run, bounded per attempt by
/// <see cref="CoordinatorOptions.MaxLogBytesPerAttempt"/> (see <see cref="IRunLogs"/>). Its own endpoint,
/// not the run's saga: a chatty step never delays the run's scheduling.
/// </summary>
public sealed class StepLogsConsumer(IRunStore store, IOptions<CoordinatorOptions> options) : IConsumer<StepLogs>
{
    public Task Consume(ConsumeContext<StepLogs> context)
    {
        var m = context.Message;
        return store is IRunLogs logs
            ? logs.AppendLogAsync(m.RunId, new LogChunk(m.StepId, m.Attempt, m.Sequence, m.At, m.Text), options.Value.MaxLogBytesPerAttempt, context.CancellationToken)
            : Task.CompletedTask;
    }
}
