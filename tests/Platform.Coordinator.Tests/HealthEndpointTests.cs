using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Health;

namespace Platform.Coordinator.Tests;

/// <summary>
/// The probe endpoint every service starts (compose and Kubernetes probe it from the moment the
/// container exists): it must answer even when probes knock before it listens, and say not-ready
/// while a check fails.
/// </summary>
public class HealthEndpointTests
{
    private const int Rounds = 300;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Probes_that_knock_while_the_endpoint_starts_are_answered()
    {
        // Probers connecting in a tight loop from before the endpoint listens, so that the moment it
        // listens a connection may already be waiting. The managed HttpListener failed on exactly that
        // (dotnet/corefx#35191) and kept the port bound with nothing answering: it failed here within
        // 300 rounds in each of three tries. Each round ends its knocking once a connection is taken, as the race is over then.
        for (var round = 0; round < Rounds; round++)
        {
            var port = FreePort();
            var knocking = Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => KnockUntilListening(port), TestContext.Current.CancellationToken)));
            using var host = Host(port);
            await host.StartAsync(TestContext.Current.CancellationToken);
            await knocking;

            var live = await AnswerAsync(port, "live");
            Assert.Equal(HttpStatusCode.OK, live.Status);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Ready_is_503_with_the_failing_check_named_and_200_once_it_passes()
    {
        var port = FreePort();
        var healthy = false;
        using var host = Host(port, () => healthy);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var notReady = await AnswerAsync(port, "ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.Status);
        Assert.Contains("\"run-store\":\"Unhealthy\"", notReady.Body, StringComparison.Ordinal);

        healthy = true;
        var ready = await AnswerAsync(port, "ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Contains("\"status\":\"Healthy\"", ready.Body, StringComparison.Ordinal);

        var unknown = await AnswerAsync(port, "elsewhere");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_port_taken_by_another_process_is_tried_again_until_it_is_free()
    {
        var blocker = new TcpListener(IPAddress.Any, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        using var host = Host(port);
        await host.StartAsync(TestContext.Current.CancellationToken); // the service starts regardless

        // The other process holds it: a probe reaches that one, which answers nothing.
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync($"http://127.0.0.1:{port}/health/live", TestContext.Current.CancellationToken));
        blocker.Stop();

        var live = await AnswerAsync(port, "live");
        Assert.Equal(HttpStatusCode.OK, live.Status);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A host with the endpoint on <paramref name="port"/> and one readiness check, "run-store" (healthy unless <paramref name="healthy"/> says otherwise).</summary>
    private static IHost Host(int port, Func<bool>? healthy = null) => new HostBuilder()
        .ConfigureServices(services =>
        {
            services.AddHealthChecks().AddCheck("run-store", () => healthy is null || healthy() ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(), [HealthTags.Ready]);
            services.Configure<HealthEndpointOptions>(o => o.Port = port);
            services.AddHostedService<HealthEndpoint>();
        })
        .Build();

    /// <summary>Asks until the endpoint answers at all (it starts in the background), within 20 s.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> AnswerAsync(int port, string probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync($"http://127.0.0.1:{port}/health/{probe}", TestContext.Current.CancellationToken);
                return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    private static void KnockUntilListening(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                // not listening yet
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
