using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Coordinator.Extensions;
using Platform.Coordinator.Saga;
using Platform.Executor.Extensions;
using Platform.Executor.Workspaces;
using Platform.Notifier.Extensions;
using Platform.ServiceDefaults.Signing;

namespace Platform.Cli.Running;

/// <summary>The three services composed into the CLI's own process: the embedded default.</summary>
internal static class EmbeddedServices
{
    /// <param name="store">Where runs are kept (a SQLite file by default); the CLI resumes runs only when asked.</param>
    /// <param name="keepWorkspace"><c>run --keep-workspace</c>: branch layers and scratch files stay, for debugging.</param>
    public static void AddServices(IServiceCollection services, int executorSlots, string store, bool keepWorkspace = false)
    {
        // One process: its Coordinator signs with a key no other process has.
        services.AddSingleton(CommandSigningKey.Generate());
        services.AddCoordinator(o =>
        {
            o.Store = store;
            o.RecoverOnStart = false;
        });
        services.AddExecutor(o =>
        {
            o.Slots = executorSlots;
            o.Isolation ??= BranchIsolation.Auto; // one host holds every layer of the run: branches are isolated
            o.KeepWorkspace |= keepWorkspace;
        });
        // One process: the Coordinator hands each ExecuteStep to this Executor directly, not through the bus.
        services.AddInProcessSteps();
        // ... and the Executor hands each result to the run saga through the mediator, not the in-memory transport.
        services.AddInProcessResults();
        // Beside the runs in the same SQLite file: a resumed run that already notified does not notify again.
        services.AddNotifier(o => o.Store = store is "memory" || store.StartsWith("mongodb", StringComparison.Ordinal) ? null : store);
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddCoordinatorSaga();
        bus.AddExecutorConsumers();
        bus.AddNotifierConsumers();
    }
}
