using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Coordinator.Extensions;
using Platform.Executor.Extensions;
using Platform.Notifier.Extensions;

namespace Platform.Cli.Running;

/// <summary>The three services composed into the CLI's own process: the embedded default.</summary>
internal static class EmbeddedServices
{
    public static void AddServices(IServiceCollection services, int executorSlots)
    {
        services.AddCoordinator();
        services.AddExecutor(o => o.Slots = executorSlots);
        services.AddNotifier();
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddCoordinatorSaga();
        bus.AddExecutorConsumers();
        bus.AddNotifierConsumers();
    }
}
