using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Health;

/// <summary>
/// Liveness and readiness over plain HTTP for hosts that serve nothing else (the services are
/// generic hosts, not web apps): <c>GET /health/live</c> is 200 while the process answers;
/// <c>GET /health/ready</c> runs the checks tagged <see cref="HealthTags.Ready"/> and is 200 when all
/// are healthy, 503 otherwise, with each check's status in a JSON body.
/// </summary>
/// <remarks>
/// A bare Kestrel of its own on <see cref="HealthEndpointOptions.Port"/>, outside the service's
/// container and started only when a port is set. Not <c>HttpListener</c>: on Linux its start fails
/// when a connection is already waiting as it begins to listen (a prober knocking, as compose and
/// Kubernetes do from the container's first second) and then keeps the port bound, answering
/// nothing, for the life of the process (dotnet/corefx#35191).
/// </remarks>
public sealed class HealthEndpoint(HealthCheckService checks, IOptions<HealthEndpointOptions> options, ILogger<HealthEndpoint> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var port = options.Value.Port;
        // Off by default; a host without a port loads nothing of ASP.NET Core.
        return port > 0 ? ServeAsync(port, stoppingToken) : Task.CompletedTask;
    }

    private async Task ServeAsync(int port, CancellationToken stoppingToken)
    {
        // Never fails the host: a probe endpoint that cannot start (its port taken) is logged and tried again, the service runs on.
        await using var server = await StartAsync(port, stoppingToken).ConfigureAwait(false);
        if (server is null)
        {
            return;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<WebApplication?> StartAsync(int port, CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            var server = Build(port);
            try
            {
                await server.StartAsync(stoppingToken).ConfigureAwait(false);
                logger.LogInformation("Health probes on http://*:{Port}/health/live and /health/ready", port);
                return server;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                logger.LogWarning("Health probes on port {Port} could not start (try {Attempt}): {Error}", port, attempt, e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
            catch (OperationCanceledException)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                return null;
            }
        }

        return null;
    }

    /// <summary>An empty web host (no logging, configuration or routing of its own): Kestrel and one terminal handler.</summary>
    private WebApplication Build(int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port));
        var app = builder.Build();
        app.Run(AnswerAsync);
        return app;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var (status, body) = context.Request.Path.Value?.TrimEnd('/') switch
        {
            "/health/live" => (HttpStatusCode.OK, new Dictionary<string, string> { ["status"] = "Healthy" }),
            "/health/ready" => await ReadinessAsync(context.RequestAborted).ConfigureAwait(false),
            _ => (HttpStatusCode.NotFound, new Dictionary<string, string> { ["status"] = "unknown probe" }),
        };
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<(HttpStatusCode, Dictionary<string, string>)> ReadinessAsync(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(c => c.Tags.Contains(HealthTags.Ready), cancellationToken).ConfigureAwait(false);
        var body = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString());
        body["status"] = report.Status.ToString();
        return (report.Status == HealthStatus.Healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, body);
    }
}
