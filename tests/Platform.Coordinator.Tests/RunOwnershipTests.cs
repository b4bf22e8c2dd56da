using Platform.Contracts;
using Platform.Storage;
using Platform.Storage.InMemory;

namespace Platform.Coordinator.Tests;

/// <summary>Several Coordinators on one store: a starting replica takes over only the runs whose owner is gone.</summary>
public class RunOwnershipTests
{
    private const string Yaml = "id: owned\nsteps:\n  - { id: a, sleep: 10ms }\n";

    private static StoredRun Run() =>
        new(Guid.NewGuid(), null, "owned", "test.yaml", Yaml, new Dictionary<string, string>(), Platform.Pipelines.Engine.RunStatus.Running, DateTimeOffset.UtcNow, null);

    [Fact]
    public async Task A_starting_replica_takes_over_a_dead_replicas_run_and_leaves_a_live_replicas_alone()
    {
        var store = new InMemoryRunStore();
        var (orphan, held) = (Run(), Run());
        await store.CreateRunAsync(orphan);
        await store.CreateRunAsync(held);
        await store.ClaimAsync(orphan.RunId, "dead-replica", DateTimeOffset.UtcNow.AddSeconds(-1));
        await store.ClaimAsync(held.RunId, "live-replica", DateTimeOffset.UtcNow.AddHours(1));

        await using var h = await RunHarness.StartAsync(store: store);

        Assert.Equal("succeeded", (await h.FinishedAsync(orphan.RunId)).Status);
        Assert.Single(h.Published<ResumeRun>(orphan.RunId, m => m.RunId));
        Assert.Empty(h.Published<ResumeRun>(held.RunId, m => m.RunId));
        Assert.Empty(h.Published<ExecuteStep>(held.RunId, m => m.RunId));
    }
}
