using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Storage;

namespace Platform.Coordinator.Running;

/// <summary>Readiness: the run store answers a small query (a Coordinator without its store must not take runs).</summary>
public sealed class RunStoreHealthCheck(IRunStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await store.ListRunsAsync(new RunQuery(Take: 1), timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("the run store does not answer", e);
        }
    }
}
