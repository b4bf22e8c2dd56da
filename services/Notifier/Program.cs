using MassTransit;
using Microsoft.Extensions.Hosting;
using Platform.Notifier.Extensions;
using Platform.Notifier.Telemetry;
using Platform.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults(NotifierTelemetry.ServiceName);
builder.Services.AddNotifier();
builder.Services.AddMassTransit(bus =>
{
    bus.AddNotifierConsumers();
    bus.UsingPlatformRabbitMq();
});

await builder.Build().RunAsync();
