using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>
/// Artifacts over RabbitMQ between two hosts (simulated: two Executors whose <c>Executor__WorkspaceRoot</c>s
/// differ, so neither sees the other's files): what a build step stored on one is in the workspace of a
/// test step on the other before it starts, with the same SHA-256.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ArtifactsOverBrokerTests(SystemFixture system) : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    private readonly OwnVirtualHost _vhost = new("platform-art");
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-it-art-").FullName;
    private readonly List<ServiceProcess> _services = [];

    private string Url => _vhost.Url;

    private string RootOf(string host) => Path.Combine(_dir, host);

    public async ValueTask InitializeAsync()
    {
        if (!_vhost.TryCreate(system))
        {
            return;
        }

        var coordinator = ServiceProcess.Start("art-coordinator", ServiceProcess.Dll("services/Coordinator", "Platform.Coordinator"), ["--store", "memory"],
            Environment(), "Bus started");
        _services.Add(coordinator);
        await coordinator.WaitReadyAsync(Generous);
    }

    private Dictionary<string, string> Environment(Dictionary<string, string>? extra = null) => new(extra ?? [])
    {
        ["RABBITMQ_URL"] = Url,
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["PLATFORM_SIGNING_KEY"] = system.SigningKey,
    };

    private async Task<ServiceProcess> StartExecutorAsync(string host)
    {
        var executor = ServiceProcess.Start($"art-{host}", ServiceProcess.Dll("services/Executor", "Platform.Executor"), ["--slots", "2"], Environment(new()
        {
            ["Executor__WorkspaceRoot"] = RootOf(host),
            ["EXECUTOR_NAME"] = host,
            ["Executor__PassEnvironment__0"] = "EXECUTOR_NAME",
        }), "Bus started");
        _services.Add(executor);
        await executor.WaitReadyAsync(Generous);
        return executor;
    }

    [Fact]
    public async Task A_build_steps_artifact_is_in_the_workspace_of_a_test_step_on_another_host_with_the_same_digest()
    {
        Assert.SkipWhen(_services.Count == 0, system.SkipReason ?? "could not make a vhost of its own");
        var hostA = await StartExecutorAsync("host-a");
        var name = $"art-{Guid.NewGuid():N}";
        const string Report = """
                  - echo "digest=$(sha256sum dist/app.bin | cut -d' ' -f1)" >> "$PLATFORM_OUTPUT"
                  - echo "host=$EXECUTOR_NAME" >> "$PLATFORM_OUTPUT"
                  - echo "dir=$PWD" >> "$PLATFORM_OUTPUT"
            """;
        var yaml = "id: two-hosts\nsteps:\n"
            + "  - id: build\n    artifacts: [ \"dist/**\" ]\n    run:\n      - mkdir -p dist && head -c 300000 /dev/urandom > dist/app.bin\n" + Report + "\n"
            + "  - { id: gate, approval: { message: go on another host } }\n"
            + "  - id: test\n    run:\n" + Report + "\n";

        // The build runs on host-a; host-a leaves while the run waits at the gate, and host-b takes the test.
        var run = await system.RunAsync(yaml, Generous, async cli =>
        {
            await TestProcesses.WaitFor(() => cli.Output.Contains("waiting for approval", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            hostA.Terminate();
            await hostA.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await StartExecutorAsync("host-b");
            await using var approve = ServiceProcess.Start("approve", ServiceProcess.Dll("cli/Platform.Cli", "platform"),
                ["approve", name, "gate", "--by", "tester", "--broker", Url], new Dictionary<string, string>(), readyMarker: null);
            Assert.Equal(0, await approve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }, Url, "--run-id", name);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(("host-a", "host-b"), (run.OutputOf("build", "host"), run.OutputOf("test", "host")));
        Assert.StartsWith(RootOf("host-a") + "/", run.OutputOf("build", "dir"), StringComparison.Ordinal);
        Assert.StartsWith(RootOf("host-b") + "/", run.OutputOf("test", "dir"), StringComparison.Ordinal);
        var stored = run.Step("build").GetProperty("artifacts")[0];
        Assert.Equal("dist/app.bin", stored.GetProperty("path").GetString());
        Assert.Equal(300000, stored.GetProperty("size").GetInt64());
        Assert.Equal(run.OutputOf("build", "digest"), stored.GetProperty("digest").GetString());
        Assert.Equal(run.OutputOf("build", "digest"), run.OutputOf("test", "digest"));

        // The run's workspace on host-b goes when the run ends.
        await TestProcesses.WaitFor(() => !Directory.Exists(run.OutputOf("test", "dir")), TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        _vhost.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
