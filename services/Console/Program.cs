using MassTransit;
using Platform.ServiceDefaults;
using Platform.Web;
using Platform.Web.Auth;
using Platform.WebConsole.Extensions;

// `--store mongodb://...` (or the Coordinator's SQLite path) is shorthand for Console:Store.
var builder = WebApplication.CreateBuilder(args.Select(a => a == "--store" ? "--Console:Store" : a).ToArray());
var token = ApiToken.FromEnvironment();

builder.AddServiceDefaults("platform-console");
builder.ListenOnLoopbackUnlessTold();
builder.Services.AddConsole(token);
builder.Services.AddPlatformMassTransit(bus => bus.UsingPlatformRabbitMq());

var app = builder.Build();
app.MapPlatformWeb();
app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation("Platform console: {Urls}{Token}",
    string.Join(", ", app.Urls), token.Generated ? $"/?token={token.Value}" : $" (token from {ApiToken.EnvironmentVariable})"));
await app.RunAsync();
