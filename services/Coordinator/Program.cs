using MassTransit;
using Microsoft.Extensions.Hosting;
using Platform.Coordinator.Extensions;
using Platform.Coordinator.Telemetry;
using Platform.ServiceDefaults;

// `--store mongodb://...` (or a SQLite path, or memory) is shorthand for Coordinator:Store.
var builder = Host.CreateApplicationBuilder(args.Select(a => a == "--store" ? "--Coordinator:Store" : a).ToArray());

builder.AddServiceDefaults(CoordinatorTelemetry.ServiceName);
builder.Services.AddCoordinator();
builder.Services.AddPlatformMassTransit(bus =>
{
    bus.AddCoordinatorSaga();
    bus.UsingPlatformRabbitMq();
});

await builder.Build().RunAsync();
