using MassTransit;
using Microsoft.Extensions.Hosting;
using Platform.Coordinator.Extensions;
using Platform.Coordinator.Telemetry;
using Platform.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults(CoordinatorTelemetry.ServiceName);
builder.Services.AddCoordinator();
builder.Services.AddMassTransit(bus =>
{
    bus.AddCoordinatorSaga();
    bus.UsingPlatformRabbitMq();
});

await builder.Build().RunAsync();
