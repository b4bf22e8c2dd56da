using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Coordinator.Running;
using Platform.Coordinator.Saga;
using Platform.Coordinator.Storage;
using Platform.Coordinator.Timers;

namespace Platform.Coordinator.Extensions;

/// <summary>Composes the Coordinator into any host: its own process, the embedded CLI, or a test.</summary>
public static class CoordinatorServiceCollectionExtensions
{
    /// <summary>
    /// The engine driver, the run state cache, the timer service and the event log (in memory unless
    /// another <see cref="IRunEventLog"/> was registered first). Safe to call twice.
    /// </summary>
    public static IServiceCollection AddCoordinator(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(RunDriver)))
        {
            return services;
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRunEventLog, InMemoryRunEventLog>();
        services.AddSingleton<RunEngines>();
        services.AddSingleton<RunTimers>();
        services.AddHostedService(provider => provider.GetRequiredService<RunTimers>());
        services.AddSingleton<RunDriver>();
        return services;
    }

    /// <summary>The run saga on the <c>run-coordinator</c> endpoint (state in memory for now).</summary>
    public static IBusRegistrationConfigurator AddCoordinatorSaga(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddSagaStateMachine<RunStateMachine, RunState, RunStateDefinition>().InMemoryRepository();
        return bus;
    }
}
