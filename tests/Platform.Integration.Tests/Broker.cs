using Platform.Tests.Shared;
using System.Diagnostics;
using Testcontainers.RabbitMq;

namespace Platform.Integration.Tests;

/// <summary>
/// The RabbitMQ the tests use: a Testcontainers broker when Docker is available, else the one named
/// by RABBITMQ_URL (test.sh starts a local rabbitmq-server and sets it). Without either the tests
/// report skipped with the reason, never passing without a broker.
/// </summary>
internal sealed class Broker : IAsyncDisposable
{
    private RabbitMqContainer? _container;

    public string? Url { get; private set; }

    public string? SkipReason { get; private set; }

    public async Task StartAsync()
    {
        if (TestProcesses.DockerAvailable())
        {
            _container = new RabbitMqBuilder("rabbitmq:3.13-management").Build();
            await _container.StartAsync();
            Url = _container.GetConnectionString();
            return;
        }

        Url = Environment.GetEnvironmentVariable("RABBITMQ_URL");
        if (string.IsNullOrWhiteSpace(Url))
        {
            SkipReason = "no broker: Docker is not available and RABBITMQ_URL is not set (./test.sh starts a local rabbitmq-server)";
            return;
        }

        // On a local broker, a virtual host of our own: nothing else using the broker can consume our
        // messages (or we theirs). Elsewhere the given URL is used as it is.
        var vhost = $"platform-it-{Guid.NewGuid():N}";
        if (new Uri(Url).Host is "localhost" or "127.0.0.1" && Rabbitmqctl("add_vhost", vhost) == 0
            && Rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*") == 0)
        {
            _vhost = vhost;
            Url = new UriBuilder(Url) { Path = "/" + vhost }.Uri.ToString();
        }
    }

    private string? _vhost;

    /// <summary>The local node rabbitmqctl talks to: RABBITMQ_NODENAME (a node of one's own for fault trials), else rabbit@localhost.</summary>
    public static string NodeName => Platform.Tests.Shared.LocalRabbitMq.NodeName;

    /// <summary>Runs rabbitmqctl against the local node; -1 when it is not installed.</summary>
    public static int Rabbitmqctl(params string[] args) => Platform.Tests.Shared.LocalRabbitMq.Run(args);

    /// <summary>Runs rabbitmqctl against the local node and returns what it printed (-1 when it is not installed).</summary>
    public static (int ExitCode, string Output) RabbitmqctlOutput(params string[] args) => Platform.Tests.Shared.LocalRabbitMq.Invoke(args);

    public async ValueTask DisposeAsync()
    {
        if (_vhost is not null)
        {
            Rabbitmqctl("delete_vhost", _vhost);
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

}
