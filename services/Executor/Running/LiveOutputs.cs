using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;

namespace Platform.Executor.Running;

/// <summary>
/// Opens the <see cref="LiveOutput"/> of each attempt, with the Executor's bus and batch settings.
/// Without a bus (the step runners composed alone, in tests) output is only kept in the attempt's tail.
/// </summary>
public sealed class LiveOutputs(TimeProvider time, IOptions<ExecutorOptions> options, ILogger<LiveOutput> logger, IBus? bus = null)
{
    public LiveOutput Open(ExecuteStep step) =>
        new(bus, step, time, options.Value.LogBatchInterval, options.Value.LogBatchBytes, logger);
}
