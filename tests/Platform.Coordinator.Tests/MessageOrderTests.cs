using Platform.Tests.Shared;
using Platform.Contracts;

namespace Platform.Coordinator.Tests;

/// <summary>Duplicate, late and concurrent messages, sent by hand (no executor in the harness).</summary>
public class MessageOrderTests
{
    private static StepSucceeded Ok(Guid run, string step, int attempt = 1) =>
        new(run, step, attempt, DateTimeOffset.UtcNow, 0, new Dictionary<string, string>(), null);

    [Fact]
    public async Task A_duplicate_result_is_applied_once()
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false);
        var id = await h.SubmitAsync("id: d\nsteps:\n  - { id: a, sleep: 1s }\n  - { id: b, sleep: 1s }\n");
        Assert.True(await h.Harness.Published.Any<ExecuteStep>(m => m.Context.Message.RunId == id && m.Context.Message.StepId == "a"));

        await h.Harness.Bus.Publish(Ok(id, "a"));
        await h.Harness.Bus.Publish(Ok(id, "a"));
        Assert.True(await h.Harness.Published.Any<ExecuteStep>(m => m.Context.Message.RunId == id && m.Context.Message.StepId == "b"));
        await h.Harness.Bus.Publish(Ok(id, "b"));
        var run = await h.FinishedAsync(id);

        Assert.Equal("succeeded", run.Status);
        Assert.Single(h.Published<ExecuteStep>(id, m => m.RunId), m => m.StepId == "b");
    }

    [Fact]
    public async Task A_late_result_from_a_cancelled_attempt_is_ignored()
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false);
        var id = await h.SubmitAsync("id: l\nsteps:\n  - parallel:\n    - { id: bad, sleep: 1s }\n    - { id: slow, sleep: 1s }\nfinally:\n  - { id: f, sleep: 1s }\n");
        Assert.True(await h.Harness.Published.Any<ExecuteStep>(m => m.Context.Message.RunId == id && m.Context.Message.StepId == "slow"));

        await h.Harness.Bus.Publish(new StepFailed(id, "bad", 1, DateTimeOffset.UtcNow, 1, "boom", false, null));
        Assert.True(await h.Harness.Published.Any<CancelStep>(m => m.Context.Message.RunId == id && m.Context.Message.StepId == "slow"));
        await h.Harness.Bus.Publish(Ok(id, "slow")); // arrives after the cancel: too late
        Assert.True(await h.Harness.Published.Any<ExecuteStep>(m => m.Context.Message.RunId == id && m.Context.Message.StepId == "f"));
        await h.Harness.Bus.Publish(Ok(id, "f"));
        var run = await h.FinishedAsync(id);

        Assert.Equal("cancelled", run.Status("slow"));
        Assert.Equal("failed", run.Status);
    }

    [Fact]
    public async Task An_attempt_that_starts_after_it_was_cancelled_is_cancelled_again_where_it_runs()
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false);
        var id = await h.SubmitAsync("id: s\nsteps:\n  - parallel:\n    - { id: bad, sleep: 1s }\n    - { id: late, sleep: 1s }\n");
        Assert.True(await h.Harness.Published.Any<ExecuteStep>(m => m.Context.Message.RunId == id && m.Context.Message.StepId == "late"));
        await h.Harness.Bus.Publish(new StepFailed(id, "bad", 1, DateTimeOffset.UtcNow, 1, "boom", false, null));
        await h.FinishedAsync(id);

        // An executor that joined after the cancel broadcast picks the queued copy up and starts it.
        await h.Harness.Bus.Publish(new StepStarted(id, "late", 1, DateTimeOffset.UtcNow, "late-executor", null));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (h.Published<CancelStep>(id, m => m.RunId).Count(c => c.StepId == "late") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "no second CancelStep for the late start");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Results_reported_together_are_each_applied_with_the_start_they_carry()
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false);
        var id = await h.SubmitAsync("id: b\nsteps:\n  - parallel:\n    - { id: a, sleep: 1s }\n    - { id: c, sleep: 1s }\n    - { id: f, sleep: 1s }\n  - { id: after, sleep: 1s }\n");
        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Count() >= 3);
        var began = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Short attempts are reported once, start and end together, and several of them in one message.
        await h.Harness.Bus.Publish(new AttemptsReported(id,
            [Ok(id, "a") with { StartedAt = began }, Ok(id, "c") with { StartedAt = began.AddSeconds(1) }, Ok(id, "a")],
            [new StepFailed(id, "f", 1, DateTimeOffset.UtcNow, 3, "exit code 3", false, "why it failed", began.AddSeconds(2))],
            []));
        var run = await h.FinishedAsync(id);

        Assert.Equal("failed", run.Status);
        Assert.Equal(["succeeded", "succeeded", "failed", "skipped"], new[] { "a", "c", "f", "after" }.Select(s => run.Status(s)));
        Assert.Equal(began, run.Steps.Single(s => s.Id == "a").StartedAt);
        Assert.Equal(began.AddSeconds(2), run.Steps.Single(s => s.Id == "f").StartedAt);
        Assert.Equal(1, run.Steps.Single(s => s.Id == "a").Attempts);
    }

    [Fact]
    public async Task Five_hundred_completions_arriving_at_once_are_all_applied_exactly_once()
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false);
        var steps = string.Concat(Enumerable.Range(0, 500).Select(i => $"    - {{ id: s{i}, sleep: 1s }}\n"));
        var id = await h.SubmitAsync($"id: wide\nsteps:\n  - parallel:\n{steps}  - {{ id: after, sleep: 1s }}\n");
        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Count() >= 500);

        // Every completion at once, twice over, from many threads.
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => h.Harness.Bus.Publish(Ok(id, $"s{i % 500}"))));
        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Any(m => m.StepId == "after"));
        await h.Harness.Bus.Publish(Ok(id, "after"));
        var run = await h.FinishedAsync(id);

        Assert.Equal("succeeded", run.Status);
        Assert.Equal(501, run.StepRows().Count(s => s.Status == "succeeded"));
        Assert.Single(h.Published<ExecuteStep>(id, m => m.RunId), m => m.StepId == "after");
    }
}
