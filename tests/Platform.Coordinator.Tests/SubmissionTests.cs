using Platform.Contracts;
using Platform.Storage;

namespace Platform.Coordinator.Tests;

/// <summary>How a submission ends up: Running then Finished, or Rejected with a reason, never unstored.</summary>
public class SubmissionTests
{
    private const string Yaml = "id: race\nsteps:\n  - { id: a, sleep: 10ms }\n";

    [Fact]
    public async Task A_valid_run_goes_through_Running_to_Finished()
    {
        await using var h = await RunHarness.StartAsync();
        var id = await h.SubmitAsync("id: two\nsteps:\n  - { id: a, sleep: 300ms }\n");

        Assert.True(await h.ReachesAsync(id, m => m.Running));
        Assert.True(await h.ReachesAsync(id, m => m.Finished));
        Assert.Equal("succeeded", (await h.FinishedAsync(id)).Status);
    }

    [Fact]
    public async Task An_invalid_pipeline_ends_Rejected()
    {
        await using var h = await RunHarness.StartAsync();
        var id = await h.SubmitAsync("id: bad\nsteps:\n  - { id: a, rnu: echo }\n");

        Assert.True(await h.ReachesAsync(id, m => m.Rejected));
    }

    [Fact]
    public async Task When_another_run_took_the_id_first_the_submission_is_rejected_with_the_reason()
    {
        var store = new RacingRunStore(id => new StoredRun(id, null, "other", "other.yaml", "id: other\nsteps:\n  - { id: x, sleep: 1s }\n",
            new Dictionary<string, string>(), Platform.Pipelines.Engine.RunStatus.Running, DateTimeOffset.UtcNow, null));
        await using var h = await RunHarness.StartAsync(store: store);
        var id = await h.SubmitAsync(Yaml);

        // The saga is saved as Rejected before its outbox publishes RunRejected: waited for, not assumed there.
        var rejected = await h.RejectedAsync(id);
        Assert.Contains(rejected.Errors, e => e.Contains("already taken", StringComparison.Ordinal));
        Assert.Empty(h.Published<ExecuteStep>(id, m => m.RunId));
        Assert.Equal("other", (await store.GetRunAsync(id))!.PipelineId);
    }

    [Fact]
    public async Task When_the_same_run_was_stored_first_by_another_submission_it_is_continued()
    {
        var store = new RacingRunStore(id => new StoredRun(id, null, "race", "test.yaml", Yaml,
            new Dictionary<string, string>(), Platform.Pipelines.Engine.RunStatus.Running, DateTimeOffset.UtcNow, null));
        await using var h = await RunHarness.StartAsync(store: store);
        var id = await h.SubmitAsync(Yaml);

        var run = await h.FinishedAsync(id);
        Assert.Equal("succeeded", run.Status);
        Assert.Single(h.Published<ExecuteStep>(id, m => m.RunId));
    }
}
