using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults;

public static class RabbitMqConfiguratorExtensions
{
    /// <summary>
    /// Points the bus at the broker described by <paramref name="settings"/>, with the topology every Platform
    /// process on it shares: each event about a run carries the run's id as its routing key (<see cref="RunRouting"/>).
    /// </summary>
    public static void Host(this IRabbitMqBusFactoryConfigurator configurator, RabbitMqSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(settings);
        configurator.UseRunRoutingKeys();

        configurator.Host(settings.Host, settings.Port, settings.VirtualHost, host =>
        {
            host.Username(settings.Username);
            host.Password(settings.Password);
            if (settings.UseSsl)
            {
                host.UseSsl(ssl => ssl.ServerName = settings.Host);
            }
        });
    }

    /// <summary>
    /// <c>UsingRabbitMq</c> with the host from <see cref="RabbitMqSettings.Resolve"/> (configuration
    /// from the container when there is one), then <paramref name="configure"/>, then
    /// <c>ConfigureEndpoints</c> for every registered consumer and saga.
    /// </summary>
    public static void UsingPlatformRabbitMq(
        this IBusRegistrationConfigurator bus,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);

        bus.UsingRabbitMq((context, rabbit) =>
        {
            rabbit.Host(RabbitMqSettings.Resolve(context.GetService<IConfiguration>()));
            configure?.Invoke(context, rabbit);
            rabbit.ConfigureEndpoints(context);
        });
    }
}
