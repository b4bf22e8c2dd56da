using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Cli.Running;

/// <summary>The three services composed into the CLI's own process for the embedded default.</summary>
internal static class EmbeddedServices
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration, int executorSlots)
    {
        _ = (services, configuration, executorSlots);
        throw new NotSupportedException("the embedded runtime is not wired yet: the Coordinator, Executor and Notifier land with the runtime issue");
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus) => _ = bus;
}
