namespace Platform.Integration.Tests;

/// <summary>
/// Isolated branches over RabbitMQ: a Coordinator and one Executor told to isolate
/// (<c>Executor__Isolation=Auto</c>) on a vhost of their own; the merge travels as
/// MergeWorkspaceLayers / WorkspaceLayersMerged, and a conflict fails the group as embedded.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class IsolatedBranchesOverBrokerTests(SystemFixture system) : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    private readonly OwnVirtualHost _vhost = new("platform-iso");
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-it-iso-").FullName;
    private readonly List<ServiceProcess> _services = [];

    private string Url => _vhost.Url;

    public async ValueTask InitializeAsync()
    {
        if (!_vhost.TryCreate(system))
        {
            return;
        }

        var env = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = Url,
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["PLATFORM_SIGNING_KEY"] = system.SigningKey,
            ["Executor__Isolation"] = "Auto",
            ["Executor__DefaultWorkdir"] = _dir,
        };
        _services.Add(ServiceProcess.Start("iso-coordinator", ServiceProcess.Dll("services/Coordinator", "Platform.Coordinator"), ["--store", "memory"], env, "Bus started"));
        _services.Add(ServiceProcess.Start("iso-executor", ServiceProcess.Dll("services/Executor", "Platform.Executor"), ["--slots", "4"], env, "Bus started"));
        foreach (var service in _services)
        {
            await service.WaitReadyAsync(Generous);
        }
    }

    [Fact]
    public async Task Branches_merge_over_the_broker_and_a_conflict_fails_the_group_leaving_the_directory_as_before()
    {
        Assert.SkipWhen(_services.Count == 0, system.SkipReason ?? "could not make a vhost of its own");

        var merged = await system.RunAsync("""
            id: seed
            steps:
              - parallel:
                  id: writing
                  steps:
                    - { id: a, name: Step1A, run: echo Step1A > first.txt }
                    - { id: b, name: Step1B, run: echo Step1B > second.txt }
              - { id: listing, run: 'echo "files=$(ls | tr "\n" " ")" >> "$PLATFORM_OUTPUT"' }
            """, Generous, brokerUrl: Url);
        Assert.True(merged.ExitCode == 0, merged.Output);
        Assert.Equal("first.txt second.txt ", merged.OutputOf("listing", "files"));

        var conflict = await system.RunAsync("""
            id: clash
            steps:
              - parallel:
                  id: writing
                  name: WritingInParallel
                  steps:
                    - { id: a, name: Step1A, run: echo again > first.txt }
                    - { id: b, name: Step1B, run: echo other > first.txt }
            """, Generous, brokerUrl: Url);
        Assert.True(conflict.ExitCode == 1, conflict.Output);
        Assert.Equal("conflict: first.txt written by Step1A and Step1B (in WritingInParallel)", conflict.Step("writing").GetProperty("reason").GetString());
        Assert.Equal("Step1A\n", File.ReadAllText(Path.Combine(_dir, "first.txt")));
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
