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
        if (DockerAvailable())
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
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    private static bool DockerAvailable()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info") { RedirectStandardOutput = true, RedirectStandardError = true });
            return docker is not null && docker.WaitForExit(10_000) && docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
