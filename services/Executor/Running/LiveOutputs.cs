using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.ServiceDefaults.InProcess;

namespace Platform.Executor.Running;

/// <summary>
/// Opens the <see cref="LiveOutput"/> of each attempt, with the Executor's bus and batch settings.
/// Without a bus (the step runners composed alone, in tests) output is only kept in the attempt's tail.
/// </summary>
public sealed class LiveOutputs(TimeProvider time, IOptions<ExecutorOptions> options, ILogger<LiveOutput> logger, LateBus? bus = null)
{
    public LiveOutput Open(ExecuteStep step) =>
        new(bus is { Exists: true } ? bus : null, step, time, options.Value.LogBatchInterval, options.Value.LogBatchBytes, logger);
}
