using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>
/// The client at the edges of a broker: a wrong password or no broker is one line and exit code 3 at
/// once; with nobody answering, --timeout and SIGTERM end it.
/// </summary>
public sealed class BrokerEdgeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-edge-").FullName;
    private readonly string? _vhost;

    public BrokerEdgeTests()
    {
        File.WriteAllText(Pipeline, "id: edge\nsteps:\n  - { id: a, run: 'true' }\n");
        if (BrokerUrl is not null && Rabbitmqctl("add_vhost", _vhost = $"platform-edge-{Guid.NewGuid():N}") is not 0)
            _vhost = null;
        if (_vhost is not null)
            Rabbitmqctl("set_permissions", "-p", _vhost, "guest", ".*", ".*", ".*");
    }

    private static string? BrokerUrl => Environment.GetEnvironmentVariable("RABBITMQ_URL") is { Length: > 0 } url && new Uri(url).Host is "localhost" or "127.0.0.1" ? url : null;

    private string Pipeline => Path.Combine(_dir, "p.yaml");

    /// <summary>A vhost with no Coordinator: nobody will ever answer there.</summary>
    private string EmptyVhostUrl => new UriBuilder(BrokerUrl!) { Path = "/" + _vhost }.Uri.ToString();

    [Fact]
    public async Task An_unreachable_broker_is_one_line_and_exit_code_3_within_ten_seconds()
    {
        var clock = Stopwatch.StartNew();
        var result = await CliResult.RunAsync("run", Pipeline, "--broker", "amqp://someone:hunter2@127.0.0.1:1/ci");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("error: cannot connect to amqp://someone:***@127.0.0.1:1/ci: connection refused (is RabbitMQ running there?)", result.Stderr.TrimEnd());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_wrong_password_is_ACCESS_REFUSED_with_the_password_masked()
    {
        Assert.SkipWhen(_vhost is null, "needs the local RabbitMQ of ./test.sh (RABBITMQ_URL on localhost)");
        var url = new UriBuilder(EmptyVhostUrl) { UserName = "guest", Password = "not-the-password" }.Uri.ToString();
        var clock = Stopwatch.StartNew();

        var result = await CliResult.RunAsync("run", Pipeline, "--broker", url);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"error: cannot connect to amqp://guest:***@localhost:5672/{_vhost}: ACCESS_REFUSED (wrong user name or password)", result.Stderr.TrimEnd());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task With_no_Coordinator_the_client_gives_up_at_its_timeout()
    {
        Assert.SkipWhen(_vhost is null, "needs the local RabbitMQ of ./test.sh (RABBITMQ_URL on localhost)");
        var clock = Stopwatch.StartNew();

        var result = await CliResult.RunAsync("run", Pipeline, "--broker", EmptyVhostUrl, "--timeout", "2s");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("error: no Coordinator answered within --timeout 2s: the run was withdrawn", result.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task With_no_Coordinator_the_client_exits_on_SIGTERM()
    {
        Assert.SkipWhen(_vhost is null, "needs the local RabbitMQ of ./test.sh (RABBITMQ_URL on localhost)");
        var runId = Guid.NewGuid();
        using var cli = CliProcess.Start("run", Pipeline, "--broker", EmptyVhostUrl, "--run-id", runId.ToString());
        var stderr = cli.StandardError.ReadToEndAsync();

        // Its own event queue exists once its bus has started and the run is submitted.
        await TestProcesses.WaitFor(() => ListQueues().Contains($"platform-cli-{runId:N}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        Process.Start("kill", ["-TERM", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

        Assert.True(cli.WaitForExit(TimeSpan.FromSeconds(15)), "the client did not exit on SIGTERM");
        Assert.Equal(3, cli.ExitCode);
        Assert.Contains("SIGTERM received before a Coordinator answered: the run was withdrawn", await stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15));
    }

    private string ListQueues() => LocalRabbitMq.Output("list_queues", "-p", _vhost!, "name");

    private static int Rabbitmqctl(params string[] args) => LocalRabbitMq.Run(args);

    public void Dispose()
    {
        if (_vhost is not null)
            Rabbitmqctl("delete_vhost", _vhost);
        Directory.Delete(_dir, recursive: true);
    }
}
