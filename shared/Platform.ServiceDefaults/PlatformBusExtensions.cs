using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults;

/// <summary>
/// The one way a Platform host adds MassTransit. MassTransit 8 reports usage telemetry to its vendor
/// over the internet unless told not to; no Platform process ever does: a host that calls
/// <c>AddMassTransit</c> itself would (a test keeps every host on this method).
/// </summary>
public static class PlatformBusExtensions
{
    public static IServiceCollection AddPlatformMassTransit(this IServiceCollection services, Action<IBusRegistrationConfigurator> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            configure(bus);
        });
    }
}
