using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Executor.Cancellation;
using Platform.Executor.Consumers;
using Platform.Executor.Leases;
using Platform.Executor.Processes;
using Platform.Executor.Resources;
using Platform.Executor.Running;
using Platform.Executor.Scratch;
using Platform.Executor.Signing;
using Platform.Executor.Workspaces;
using Platform.ServiceDefaults.InProcess;
using Platform.ServiceDefaults.Signing;
using Microsoft.Extensions.Logging;

namespace Platform.Executor.Extensions;

/// <summary>Composes the Executor into any host: its own process, the embedded CLI, or a test.</summary>
public static class ExecutorServiceCollectionExtensions
{
    /// <summary>
    /// The Executor's services: options from configuration section <c>Executor</c> (when an
    /// IConfiguration is registered), then <paramref name="configure"/>; the step runners; the
    /// cancellation registry. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddExecutor(this IServiceCollection services, Action<ExecutorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(StepAttemptRunner)))
        {
            return services;
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ExecutorOptions>()
            .Configure<IServiceProvider>((options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection(ExecutorOptions.SectionName).Bind(options))
            .PostConfigure(options => configure?.Invoke(options))
            .Validate(options => options.Slots >= 1, "Executor:Slots must be at least 1")
            .Validate(options => options.HeartbeatInterval > TimeSpan.Zero, "Executor:HeartbeatInterval must be positive");

        services.TryAddSingleton(provider => CommandSigningKey.Resolve(provider.GetService<IConfiguration>(), provider.GetService<ILoggerFactory>()?.CreateLogger<CommandSigningKey>()));
        services.TryAddSingleton<LateBus>();
        services.AddSingleton<CommandGuard>();
        services.AddSingleton<ScratchFolder>();
        services.AddHostedService<ScratchCleanup>();
        services.AddSingleton<AttemptCancellationRegistry>();
        services.AddSingleton<ProcessGuardian>();
        services.AddSingleton(provider => ResourceMeters.Create(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExecutorOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ResourceMeters))));
        services.AddSingleton<StepAttemptRunner>();
        services.AddSingleton<AttemptResultReporter>();
        services.AddSingleton<LiveOutputs>();
        services.AddSingleton<ResourceProgress>();
        services.AddSingleton<AttemptExecutions>();
        services.AddHostedService<AttemptHeartbeatService>();
        services.AddSingleton<SleepTimer>();
        services.AddSingleton<RunWorkspaces>();
        services.AddHostedService<RunWorkspaceCleanup>();
        services.AddSingleton<BranchWorkspaces>();
        services.AddSingleton<Artifacts.HostArtifacts>();
        services.AddSingleton<Artifacts.ArtifactExchange>();
        services.AddSingleton<IStepRunner, ShellStepRunner>();
        services.AddSingleton<IStepRunner, SleepStepRunner>();
        services.AddSingleton<IStepRunner, HttpStepRunner>();
        services.AddHttpClient(HttpStepRunner.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }

    /// <summary>
    /// In one process with the Coordinator: ExecuteSteps are handed over in process
    /// (<see cref="InProcessMailbox{T}"/>, taken by <see cref="InProcessSteps"/>) rather than queued on the bus.
    /// </summary>
    public static IServiceCollection AddInProcessSteps(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<InProcessMailbox<Contracts.ExecuteStep>>();
        // One instance, hosted, and startable before the host (InProcessSteps.StartAsync runs once).
        services.TryAddSingleton<InProcessSteps>();
        services.AddHostedService(provider => provider.GetRequiredService<InProcessSteps>());
        return services;
    }

    /// <summary>The shared <c>execute-step</c> queue and this process's own cancel endpoint.</summary>
    public static IBusRegistrationConfigurator AddExecutorConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<ExecuteStepConsumer, ExecuteStepConsumerDefinition>();
        bus.AddConsumer<CancelStepConsumer, CancelStepConsumerDefinition>();
        bus.AddConsumer<MergeWorkspaceLayersConsumer, MergeWorkspaceLayersConsumerDefinition>();
        bus.AddConsumer<RunFinishedConsumer, RunFinishedConsumerDefinition>();
        return bus;
    }
}
