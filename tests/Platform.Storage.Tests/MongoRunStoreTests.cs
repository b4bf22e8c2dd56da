using Platform.Tests.Shared;
using System.Diagnostics;
using Platform.Storage.MongoDb;
using Testcontainers.MongoDb;

namespace Platform.Storage.Tests;

/// <summary>
/// The same contract on a real MongoDB: MONGODB_URI when set, else a Testcontainers MongoDB when
/// Docker is available; otherwise every test reports skipped with the reason. Never a mock.
/// </summary>
public sealed class MongoRunStoreTests : RunStoreContract, IClassFixture<MongoRunStoreTests.Server>
{
    private readonly Server _server;

    public MongoRunStoreTests(Server server) => _server = server;

    protected override IRunStore? Store => _server.Store;

    protected override string? SkipReason => _server.SkipReason;

    public sealed class Server : IAsyncLifetime
    {
        private MongoDbContainer? _container;

        public MongoRunStore? Store { get; private set; }

        public string? SkipReason { get; private set; }

        public async ValueTask InitializeAsync()
        {
            var uri = Environment.GetEnvironmentVariable("MONGODB_URI");
            if (string.IsNullOrWhiteSpace(uri) && TestProcesses.DockerAvailable())
            {
                _container = new MongoDbBuilder("mongo:7").Build();
                await _container.StartAsync();
                uri = _container.GetConnectionString();
            }

            if (string.IsNullOrWhiteSpace(uri))
            {
                SkipReason = "MongoDB store not tested: MONGODB_URI is not set and Docker is not available";
                return;
            }

            var builder = new MongoDB.Driver.MongoUrlBuilder(uri) { DatabaseName = $"platform-tests-{Guid.NewGuid():N}" };
            Store = new MongoRunStore(builder.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            if (_container is not null)
            {
                await _container.DisposeAsync();
            }
        }
    }
}
