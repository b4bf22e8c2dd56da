using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Coordinator.Leases;
using Platform.Coordinator.Outcomes;
using Platform.Coordinator.Ownership;
using Platform.Coordinator.Progress;
using Platform.Coordinator.Running;
using Platform.Coordinator.Saga;
using Platform.Coordinator.Timers;
using Platform.ServiceDefaults.Signing;
using Platform.ServiceDefaults.Health;
using Platform.Storage;
using Microsoft.Extensions.Logging;

namespace Platform.Coordinator.Extensions;

/// <summary>Composes the Coordinator into any host: its own process, the embedded CLI, or a test.</summary>
public static class CoordinatorServiceCollectionExtensions
{
    /// <summary>
    /// The engine driver, the run state cache, the timer service, recovery, and the run store named by
    /// <see cref="CoordinatorOptions.Store"/> (unless an <see cref="IRunStore"/> was registered first).
    /// Options come from configuration section <c>Coordinator</c>, then <paramref name="configure"/>.
    /// Safe to call twice.
    /// </summary>
    public static IServiceCollection AddCoordinator(this IServiceCollection services, Action<CoordinatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(RunDriver)))
        {
            return services;
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CoordinatorOptions>()
            .Configure<IServiceProvider>((options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection(CoordinatorOptions.SectionName).Bind(options))
            .PostConfigure(options => configure?.Invoke(options));
        services.TryAddSingleton(provider => RunStores.Open(provider.GetRequiredService<IOptions<CoordinatorOptions>>().Value.StoreLocation));
        services.AddSingleton<RunEngines>();
        services.AddSingleton<RunTimers>();
        services.AddSingleton<RunProgressBuffer>();
        services.AddSingleton<Secrets.RunSecrets>();
        services.TryAddSingleton(provider => CommandSigningKey.Resolve(provider.GetService<IConfiguration>(), provider.GetService<ILoggerFactory>()?.CreateLogger<CommandSigningKey>()));
        services.AddHostedService(provider => provider.GetRequiredService<RunProgressBuffer>());
        services.AddHostedService(provider => provider.GetRequiredService<RunTimers>());
        services.AddSingleton<RunOwnership>();
        services.AddHostedService<RunRecovery>();
        services.AddSingleton<AttemptLeases>();
        services.AddHostedService(provider => provider.GetRequiredService<AttemptLeases>());
        services.AddCoordinatorLocks();
        services.AddCoordinatorArtifacts();
        services.AddSingleton<RunDriver>();
        services.AddHostedService<Commands.RunCommandInbox>();
        services.AddHealthChecks().AddCheck<RunStoreHealthCheck>("run-store", tags: [HealthTags.Ready]);
        return services;
    }

    /// <summary>The run saga on the <c>run-coordinator</c> endpoint.</summary>
    public static IBusRegistrationConfigurator AddCoordinatorSaga(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddSagaStateMachine<RunStateMachine, RunState, RunStateDefinition>().InMemoryRepository();
        bus.AddConsumer<AttemptsHeartbeatConsumer, AttemptsHeartbeatConsumerDefinition>();
        bus.AddConsumer<GetRunOutcomeConsumer>();
        bus.AddConsumer<Logs.StepLogsConsumer>();
        bus.AddConsumer<Logs.GetRunLogsConsumer>();
        bus.AddConsumer<Artifacts.StoreArtifactConsumer>();
        bus.AddConsumer<Artifacts.GetArtifactConsumer>();
        return bus;
    }
}
