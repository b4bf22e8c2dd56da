using MassTransit;
using Microsoft.Extensions.Hosting;
using Platform.Notifier.Extensions;
using Platform.Notifier.Telemetry;
using Platform.ServiceDefaults;

// `--store FILE` (Notifier:Store): remember what was sent across restarts.
var builder = Host.CreateApplicationBuilder(args.Select(a => a == "--store" ? "--Notifier:Store" : a).ToArray());

builder.AddServiceDefaults(NotifierTelemetry.ServiceName);
builder.Services.AddNotifier();
builder.Services.AddPlatformMassTransit(bus =>
{
    bus.AddNotifierConsumers();
    bus.UsingPlatformRabbitMq();
});

await builder.Build().RunAsync();
