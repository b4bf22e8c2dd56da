using MassTransit;
using Microsoft.Extensions.Hosting;
using Platform.Executor.Extensions;
using Platform.Executor.Telemetry;
using Platform.ServiceDefaults;

// `--slots 8` is shorthand for Executor:Slots (also EXECUTOR__SLOTS or appsettings).
var builder = Host.CreateApplicationBuilder(args.Select(a => a == "--slots" ? "--Executor:Slots" : a).ToArray());

builder.AddServiceDefaults(ExecutorTelemetry.ServiceName);
builder.Services.AddExecutor();
builder.Services.AddPlatformMassTransit(bus =>
{
    bus.AddExecutorConsumers();
    bus.UsingPlatformRabbitMq();
});

await builder.Build().RunAsync();
