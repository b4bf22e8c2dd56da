using System.CommandLine;
using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Cli.Running;
using Platform.ServiceDefaults;
using Platform.Web;
using Platform.Web.Auth;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform serve [--port 8080] [--store …]</c>: the embedded system as a long-lived local server —
/// Coordinator, Executor and Notifier over the in-memory bus, plus the HTTP API and the console — bound
/// to 127.0.0.1 unless <c>--host</c> says otherwise. Prints the console's URL with its token; Ctrl-C stops it.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "The port (0: any free one; the URL printed says which).", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "The address to bind (default 127.0.0.1: this machine only).", DefaultValueFactory = _ => "127.0.0.1" };
        var store = new Option<string?>("--store") { Description = "Where runs are kept: a SQLite file (default ~/.local/share/platform/runs.db), mongodb://…, or memory." };
        var slots = new Option<int>("--slots") { Description = "Executor slots: steps run at once at most.", DefaultValueFactory = _ => RunCommand.DefaultSlots };
        var pipelines = new Option<string?>("--pipelines") { Description = "A folder whose pipeline files a submission may name (\"file\") instead of sending the text." };
        var command = new Command("serve", "Run the server: the embedded services, the HTTP API (/api, /openapi/v1.json) and the web console.")
        {
            port, host, store, slots, pipelines,
        };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(store), parse.GetValue(slots),
            parse.GetValue(pipelines), Console.Out, Console.Error, cancellation));
        return command;
    }

    public static async Task<int> RunAsync(string host, int port, string? store, int slots, string? pipelines, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellation)
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            stderr.WriteLine($"error: --host {host}: give an IP address (127.0.0.1, or 0.0.0.0 for every interface)");
            return ExitCodes.Invalid;
        }

        if (slots < 1 || port is < 0 or > 65535)
        {
            stderr.WriteLine("error: --slots must be at least 1 and --port between 0 and 65535");
            return ExitCodes.Invalid;
        }

        if (port != 0 && Taken(address, port) is { } why)
        {
            // Checked before the services start, so a second serve says so in one line instead of the host's stack traces.
            stderr.WriteLine($"error: cannot listen on {host}:{port}: {why} (another platform serve? --port N picks another)");
            return ExitCodes.Unavailable;
        }

        var token = ApiToken.FromEnvironment();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("PLATFORM_");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.UseKestrel(k => k.Listen(address, port));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        EmbeddedServices.AddServices(builder.Services, slots, store ?? Storage.Sqlite.SqliteRunStore.DefaultPath);
        builder.Services.AddPlatformMassTransit(bus =>
        {
            EmbeddedServices.AddConsumers(bus);
            bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
        });
        // Cancels and approvals through the store's inbox: they reach a run whichever ./platform process drives it.
        builder.Services.AddPlatformWeb(token, o =>
        {
            o.CommandsThroughStore = true;
            o.PipelineFolder = pipelines is null ? null : Path.GetFullPath(pipelines);
        });

        await using var app = builder.Build();
        app.MapPlatformWeb();
        try
        {
            await app.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Taken between the check and now.
            stderr.WriteLine($"error: cannot listen on {host}:{port}: {e.Message}");
            return ExitCodes.Unavailable;
        }

        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stderr.WriteLine($"platform serve: runs in {ServiceDefaults.RedactedUrl.Of(store ?? Storage.Sqlite.SqliteRunStore.DefaultPath)}; Ctrl-C stops");
        stdout.WriteLine(token.Generated
            ? $"Platform console: {url}/?token={token.Value}"
            : $"Platform console: {url}/ (token from {ApiToken.EnvironmentVariable})");
        await stdout.FlushAsync(cancellation).ConfigureAwait(false);
        await app.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        return ExitCodes.Succeeded;
    }

    private static string? Taken(IPAddress address, int port)
    {
        try
        {
            var listener = new System.Net.Sockets.TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return null;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return e.Message;
        }
    }
}
