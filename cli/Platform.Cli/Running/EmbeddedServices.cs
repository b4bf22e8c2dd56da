using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Coordinator.Extensions;
using Platform.Executor.Extensions;
using Platform.Notifier.Extensions;

namespace Platform.Cli.Running;

/// <summary>The three services composed into the CLI's own process: the embedded default.</summary>
internal static class EmbeddedServices
{
    /// <param name="store">Where runs are kept (a SQLite file by default); the CLI resumes runs only when asked.</param>
    public static void AddServices(IServiceCollection services, int executorSlots, string store)
    {
        services.AddCoordinator(o =>
        {
            o.Store = store;
            o.RecoverOnStart = false;
        });
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
