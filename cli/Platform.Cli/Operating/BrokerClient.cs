using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults;

namespace Platform.Cli.Operating;

/// <summary>
/// A bus with no endpoints of its own, for commands that ask or tell the Coordinators over RabbitMQ
/// (<c>logs</c>, <c>cancel</c>): requests get their answers on the bus's reply endpoint.
/// </summary>
internal sealed class BrokerClient : IAsyncDisposable
{
    private readonly IHost _host;

    private BrokerClient(IHost host) => _host = host;

    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    /// <summary>The client, or null after one line on stderr (exit <see cref="ExitCodes.Invalid"/> or <see cref="ExitCodes.Unavailable"/> in <paramref name="exitCode"/>).</summary>
    public static async Task<(BrokerClient? Client, int ExitCode)> ConnectAsync(string url, TextWriter stderr)
    {
        var (settings, exitCode) = await BrokerCheck.ConnectAsync(url, stderr).ConfigureAwait(false);
        if (settings is null)
        {
            return (null, exitCode);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddPlatformMassTransit(bus => bus.UsingRabbitMq((context, rabbit) => rabbit.Host(settings)));
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return (new BrokerClient(host), ExitCodes.Succeeded);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
