using System.Text.Json;

namespace Platform.Integration.Tests;

/// <summary>
/// One broker and the three services as separate processes — Coordinator, Notifier and two
/// Executors — shared by the integration tests, which drive them through the real CLI.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private readonly Broker _broker = new();
    private readonly List<ServiceProcess> _services = [];

    public string? SkipReason => _broker.SkipReason;

    /// <summary>Shared by the Coordinator and the Executors, as an operator would deploy them.</summary>
    public string SigningKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public string BrokerUrl => _broker.Url!;

    /// <summary>The virtual host of <see cref="BrokerUrl"/> ("/" for the default one).</summary>
    public string VirtualHost => new Uri(BrokerUrl).AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";

    public ServiceProcess[] Executors { get; } = new ServiceProcess[2];

    public ServiceProcess Coordinator { get; private set; } = null!;

    /// <summary>The Coordinator's run store: a SQLite file, so a restarted Coordinator finds its runs.</summary>
    public string StorePath { get; } = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}.db");

    public async ValueTask InitializeAsync()
    {
        await _broker.StartAsync();
        if (SkipReason is not null)
        {
            return;
        }

        var coordinator = StartCoordinator();
        var notifier = StartService("notifier", "services/Notifier", "Platform.Notifier", []);
        Executors[0] = StartExecutor(1);
        Executors[1] = StartExecutor(2);
        foreach (var service in new[] { coordinator, notifier, Executors[0], Executors[1] })
        {
            await service.WaitReadyAsync(TimeSpan.FromSeconds(90));
        }
    }

    public ServiceProcess StartCoordinator() =>
        Coordinator = StartService("coordinator", "services/Coordinator", "Platform.Coordinator", ["--store", StorePath]);

    /// <summary>A second Coordinator on the same store and broker, owned (and disposed) by the caller.</summary>
    public ServiceProcess StartExtraCoordinator() =>
        ServiceProcess.Start("coordinator-extra", ServiceProcess.Dll("services/Coordinator", "Platform.Coordinator"), ["--store", StorePath], Environment(), "Bus started");

    public ServiceProcess StartExecutor(int number)
    {
        var executor = StartService($"executor-{number}", "services/Executor", "Platform.Executor", ["--slots", "4"],
            // Steps see only what the operator passes on: the tests read which executor ran them.
            new Dictionary<string, string> { ["EXECUTOR_NAME"] = $"executor-{number}", ["Executor__PassEnvironment__0"] = "EXECUTOR_NAME" });
        Executors[number - 1] = executor;
        return executor;
    }

    private ServiceProcess StartService(string name, string dir, string assembly, string[] args, Dictionary<string, string>? env = null)
    {
        var service = ServiceProcess.Start(name, ServiceProcess.Dll(dir, assembly), args, Environment(env), readyMarker: "Bus started");
        _services.Add(service);
        return service;
    }

    private Dictionary<string, string> Environment(Dictionary<string, string>? extra = null) => new(extra ?? [])
    {
        ["RABBITMQ_URL"] = BrokerUrl,
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["PLATFORM_SIGNING_KEY"] = SigningKey,
        // Short leases, so a lost executor's steps, or a dead Coordinator's runs, are taken over within seconds.
        ["Coordinator__AttemptLease"] = "00:00:05",
        ["Coordinator__RunLease"] = "00:00:05",
        ["Executor__HeartbeatInterval"] = "00:00:01",
    };

    /// <summary>Runs <c>platform run FILE --broker URL --json</c> and returns its exit code and report.</summary>
    public async Task<CliRun> RunAsync(string yaml, TimeSpan timeout, Func<ServiceProcess, Task>? whileRunning = null, string? brokerUrl = null,
        params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("platform-it-").FullName;
        var file = Path.Combine(dir, "pipeline.yaml");
        await File.WriteAllTextAsync(file, yaml);
        await using var cli = ServiceProcess.Start("cli", ServiceProcess.Dll("cli/Platform.Cli", "platform"),
            ["run", file, "--broker", brokerUrl ?? BrokerUrl, "--json", .. extra], new Dictionary<string, string>(), readyMarker: null);
        if (whileRunning is not null)
        {
            await whileRunning(cli);
        }

        var code = await cli.WaitForExitAsync(timeout);
        JsonElement? report = null;
        try
        {
            report = JsonDocument.Parse(cli.Stdout).RootElement.Clone();
        }
        catch (JsonException)
        {
            report = null;
        }

        Directory.Delete(dir, recursive: true);
        return new CliRun(code, report, cli.Output);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        await _broker.DisposeAsync();
    }
}
