namespace Platform.Storage.Tests;

/// <summary>The lock table on a real MongoDB (MONGODB_URI or Docker); skipped with the reason otherwise.</summary>
public sealed class MongoLockTableTests(MongoRunStoreTests.Server server) : LockTableContract, IClassFixture<MongoRunStoreTests.Server>
{
    protected override IRunStore? Store => server.Store;

    protected override string? SkipReason => server.SkipReason;
}
