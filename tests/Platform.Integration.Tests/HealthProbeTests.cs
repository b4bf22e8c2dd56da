using System.Net;
using System.Net.Sockets;
using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>The probes compose uses: a Coordinator is live once it answers, ready only with its bus connected and its store reachable.</summary>
[Collection(SystemCollection.Name)]
public class HealthProbeTests(SystemFixture system)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task A_coordinator_connected_to_its_broker_and_store_is_ready()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var port = FreePort();
        await using var coordinator = StartCoordinator(system.BrokerUrl, port);

        var ready = await WaitForAnswerAsync(coordinator, port, "ready", HttpStatusCode.OK);
        Assert.Contains("\"masstransit-bus\":\"Healthy\"", ready, StringComparison.Ordinal);
        Assert.Contains("\"run-store\":\"Healthy\"", ready, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_without_its_broker_is_live_but_not_ready()
    {
        var port = FreePort();
        await using var coordinator = StartCoordinator($"amqp://guest:guest@127.0.0.1:{FreePort()}/", port);

        await WaitForAnswerAsync(coordinator, port, "live", HttpStatusCode.OK);
        var ready = await Http.GetAsync($"http://127.0.0.1:{port}/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    private static ServiceProcess StartCoordinator(string brokerUrl, int port) =>
        ServiceProcess.Start("coordinator-probed", ServiceProcess.Dll("services/Coordinator", "Platform.Coordinator"), ["--store", "memory"],
            new Dictionary<string, string> { ["RABBITMQ_URL"] = brokerUrl, ["Health__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            readyMarker: null);

    /// <summary>Asks the probe until it gives <paramref name="expected"/>; returns its body.</summary>
    private static async Task<string> WaitForAnswerAsync(ServiceProcess service, int port, string probe, HttpStatusCode expected)
    {
        var body = "";
        HttpStatusCode? last = null;
        bool Answered()
        {
            try
            {
                using var response = Http.GetAsync($"http://127.0.0.1:{port}/health/{probe}").GetAwaiter().GetResult();
                last = response.StatusCode;
                body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                return response.StatusCode == expected;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false; // not listening yet, or too busy starting to answer within the client's timeout
            }
        }

        try
        {
            await TestProcesses.WaitFor(Answered, TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"/health/{probe} never answered {expected} (last {last}: {body}):\n{service.Output}");
        }

        return body;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
