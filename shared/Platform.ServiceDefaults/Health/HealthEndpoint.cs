using System.Net;
using System.Text;
using System.Text.Json;
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
public sealed class HealthEndpoint(HealthCheckService checks, IOptions<HealthEndpointOptions> options, ILogger<HealthEndpoint> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var port = options.Value.Port;
        if (port <= 0)
        {
            return;
        }

        // Never fails the host: a probe endpoint that cannot start is logged and tried again, the service runs on.
        using var listener = await StartAsync(port, stoppingToken).ConfigureAwait(false);
        if (listener is null)
        {
            return;
        }

        using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopping
            }

            try
            {
                await AnswerAsync(context, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or InvalidOperationException)
            {
                logger.LogDebug("A health probe's answer was cut short: {Error}", e.Message);
            }
        }
    }

    private async Task<HttpListener?> StartAsync(int port, CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            var listener = new HttpListener();
            try
            {
                listener.Prefixes.Add($"http://*:{port}/health/");
                listener.Start();
                logger.LogInformation("Health probes on http://*:{Port}/health/live and /health/ready", port);
                return listener;
            }
            catch (Exception e)
            {
                // Seen once: the managed HttpListener's start racing inside itself (an ArgumentNullException).
                ((IDisposable)listener).Dispose();
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
        }

        return null;
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/');
        var (status, body) = path switch
        {
            "/health/live" => (HttpStatusCode.OK, new Dictionary<string, string> { ["status"] = "Healthy" }),
            "/health/ready" => await ReadinessAsync(cancellationToken).ConfigureAwait(false),
            _ => (HttpStatusCode.NotFound, new Dictionary<string, string> { ["status"] = "unknown probe" }),
        };
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body));
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        context.Response.Close();
    }

    private async Task<(HttpStatusCode, Dictionary<string, string>)> ReadinessAsync(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(c => c.Tags.Contains(HealthTags.Ready), cancellationToken).ConfigureAwait(false);
        var body = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString());
        body["status"] = report.Status.ToString();
        return (report.Status == HealthStatus.Healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, body);
    }
}
