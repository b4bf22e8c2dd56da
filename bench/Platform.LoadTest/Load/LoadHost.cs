using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Coordinator.Extensions;
using Platform.Executor.Extensions;
using Platform.Notifier.Extensions;
using Platform.ServiceDefaults;

namespace Platform.LoadTest.Load;

/// <summary>
/// The bus the load generator submits on. With a broker URL: a client of the services over RabbitMQ.
/// Without: Coordinator, Executor and Notifier in this process on the in-memory transport, composed
/// as the CLI's embedded default does (runs kept in memory).
/// </summary>
public static class LoadHost
{
    public static IHost Build(string? brokerUrl, int executorSlots, RunTracker tracker)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter(level => level >= LogLevel.Warning);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(tracker);
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        var embedded = brokerUrl is null;
        if (embedded)
        {
            builder.Services.AddSingleton(Platform.ServiceDefaults.Signing.CommandSigningKey.Generate());
            builder.Services.AddCoordinator(o =>
            {
                o.Store = "memory";
                o.RecoverOnStart = false;
            });
            builder.Services.AddExecutor(o => o.Slots = executorSlots);
            builder.Services.AddNotifier();
        }

        builder.Services.AddPlatformMassTransit(bus =>
        {
            bus.AddConsumer<RunTrackerConsumer>().Endpoint(e =>
            {
                e.Name = $"platform-loadtest-{Guid.NewGuid():N}";
                e.Temporary = true;
                e.PrefetchCount = 256;
            });

            if (embedded)
            {
                bus.AddCoordinatorSaga();
                bus.AddExecutorConsumers();
                bus.AddNotifierConsumers();
                bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
            }
            else
            {
                var settings = RabbitMqSettings.Parse(brokerUrl!);
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    rabbit.Host(settings);
                    rabbit.ConfigureEndpoints(context);
                });
            }
        });
        return builder.Build();
    }
}
