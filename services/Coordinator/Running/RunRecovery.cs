using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Storage;

namespace Platform.Coordinator.Running;

/// <summary>After a crash, asks the saga to resume every run the store says is unfinished.</summary>
public sealed class RunRecovery(IBusControl bus, IRunStore store, IOptions<CoordinatorOptions> options, ILogger<RunRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RecoverOnStart)
        {
            return;
        }

        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        var unfinished = await store.UnfinishedRunsAsync(stoppingToken).ConfigureAwait(false);
        foreach (var run in unfinished)
        {
            logger.LogInformation("Recovering run {RunId} of {PipelineId}", run.RunId, run.PipelineId);
            await bus.Publish(new ResumeRun(run.RunId), stoppingToken).ConfigureAwait(false);
        }
    }
}
