using Platform.Contracts;
using Platform.Tests.Shared;

namespace Platform.Coordinator.Tests;

/// <summary>Attempt leases, with the executor played by hand: heartbeats keep an attempt; silence loses it.</summary>
public class AttemptLeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(400);

    private static StepSucceeded Ok(Guid run, string step, int attempt) =>
        new(run, step, attempt, DateTimeOffset.UtcNow, 0, new Dictionary<string, string>(), null);

    [Fact]
    public async Task An_attempt_nobody_vouches_for_runs_again_as_a_new_attempt_and_its_late_result_is_ignored()
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false, coordinator: o => o.AttemptLease = Lease);
        var id = await h.SubmitAsync("id: l\nsteps:\n  - { id: a, sleep: 1s }\n  - { id: b, sleep: 1s }\n");
        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Any(m => m.StepId == "a"));
        await h.Harness.Bus.Publish(new StepStarted(id, "a", 1, DateTimeOffset.UtcNow, "doomed-executor", null));

        // No heartbeat names it any more, while another executor is heard: the lease runs out and attempt 2 is dispatched.
        using var otherExecutor = new CancellationTokenSource();
        var beating = BeatAsync(h, "other-executor", otherExecutor.Token);
        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Any(m => m.StepId == "a" && m.Attempt == 2));
        await otherExecutor.CancelAsync();
        await beating;
        await h.Harness.Bus.Publish(Ok(id, "a", 1)); // the lost attempt's late result
        Assert.DoesNotContain(h.Published<ExecuteStep>(id, m => m.RunId), m => m.StepId == "b");
        await h.Harness.Bus.Publish(Ok(id, "a", 2));
        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Any(m => m.StepId == "b"));
        await h.Harness.Bus.Publish(Ok(id, "b", 1));
        var run = await h.FinishedAsync(id);

        Assert.Equal("succeeded", run.Status);
        Assert.Equal(2, run.Steps.Single(s => s.Id == "a").Attempts);
        Assert.Contains(h.Published<CancelStep>(id, m => m.RunId), c => c.StepId == "a" && c.Attempt == 1);
    }

    /// <summary>An idle executor's heartbeats, a fifth of a lease apart, until cancelled.</summary>
    private static async Task BeatAsync(RunHarness h, string executor, CancellationToken cancellationToken)
    {
        // Bounded too: a test that fails before cancelling must not leave this beating for ever.
        var until = DateTime.UtcNow.AddMinutes(2);
        while (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < until)
        {
            await h.Harness.Bus.Publish(new AttemptsHeartbeat(executor, DateTimeOffset.UtcNow, [], []), CancellationToken.None);
            await Task.Delay(Lease / 5, CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_attempt_its_executor_keeps_vouching_for_is_never_run_again()
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false, coordinator: o => o.AttemptLease = Lease);
        var id = await h.SubmitAsync("id: k\nsteps:\n  - { id: a, sleep: 1s }\n");
        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Any(m => m.StepId == "a"));
        await h.Harness.Bus.Publish(new StepStarted(id, "a", 1, DateTimeOffset.UtcNow, "alive-executor", null));

        // Heartbeats for five leases' time: the attempt is held all along.
        for (var beat = 0; beat < 20; beat++)
        {
            await h.Harness.Bus.Publish(new AttemptsHeartbeat("alive-executor", DateTimeOffset.UtcNow, [new AttemptRef(id, "a", 1)], []));
            await Task.Delay(Lease / 4);
        }

        await h.Harness.Bus.Publish(Ok(id, "a", 1));
        var run = await h.FinishedAsync(id);

        Assert.Equal(1, run.Steps.Single(s => s.Id == "a").Attempts);
        Assert.Single(h.Published<ExecuteStep>(id, m => m.RunId));
    }

    [Fact]
    public async Task An_attempt_its_executor_gives_back_runs_again_at_once()
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false, coordinator: o => o.AttemptLease = TimeSpan.FromMinutes(10));
        var id = await h.SubmitAsync("id: g\nsteps:\n  - { id: a, sleep: 1s }\n");
        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Any(m => m.StepId == "a"));
        await h.Harness.Bus.Publish(new StepStarted(id, "a", 1, DateTimeOffset.UtcNow, "stopping-executor", null));
        await h.Harness.Bus.Publish(new AttemptsHeartbeat("stopping-executor", DateTimeOffset.UtcNow, [], [new AttemptRef(id, "a", 1)]));

        await TestProcesses.WaitFor(() => h.Published<ExecuteStep>(id, m => m.RunId).Any(m => m.StepId == "a" && m.Attempt == 2));
        await h.Harness.Bus.Publish(Ok(id, "a", 2));
        Assert.Equal("succeeded", (await h.FinishedAsync(id)).Status);
    }
}
