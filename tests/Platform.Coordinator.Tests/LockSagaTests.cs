using Platform.Contracts;

namespace Platform.Coordinator.Tests;

/// <summary>
/// <c>lock:</c> across runs, run by the saga with real executor consumers on one store: what the
/// embedded default does. Overlap is read from the runs' reports (timestamps), as a user would.
/// </summary>
public class LockSagaTests
{
    private const string Deploy = """
        id: deploy
        steps:
          - { id: build, sleep: 1500ms }
          - { id: deploy, sleep: 700ms, lock: staging }
        """;

    /// <summary>The most intervals that overlap at one instant.</summary>
    private static int PeakOverlap(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        var edges = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) }).OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, peak = 0;
        foreach (var edge in edges)
        {
            current += edge.Delta;
            peak = Math.Max(peak, current);
        }

        return peak;
    }

    private static (DateTimeOffset, DateTimeOffset) Span(RunFinished run, string step) => (run.Start(step), run.End(step));

    [Fact]
    public async Task Two_runs_never_deploy_at_once_while_their_builds_overlap()
    {
        await using var h = await RunHarness.StartAsync();
        var ids = new[] { await h.SubmitAsync(Deploy), await h.SubmitAsync(Deploy) };
        var runs = new[] { await h.FinishedAsync(ids[0]), await h.FinishedAsync(ids[1]) };

        Assert.All(runs, r => Assert.Equal("succeeded", r.Status));
        Assert.Equal(2, PeakOverlap(runs.Select(r => Span(r, "build"))));
        Assert.Equal(1, PeakOverlap(runs.Select(r => Span(r, "deploy"))));
    }

    [Fact]
    public async Task A_semaphore_of_two_over_six_runs_keeps_at_most_two_holders()
    {
        await using var h = await RunHarness.StartAsync();
        const string yaml = "id: pool\nsteps:\n  - { id: use, sleep: 600ms, lock: { name: pool, limit: 2 } }\n";
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await h.SubmitAsync(yaml));
        }

        var runs = new List<RunFinished>();
        foreach (var id in ids)
        {
            runs.Add(await h.FinishedAsync(id));
        }

        Assert.All(runs, r => Assert.Equal("succeeded", r.Status));
        Assert.Equal(2, PeakOverlap(runs.Select(r => Span(r, "use"))));
    }

    [Theory]
    [InlineData("fails", "run: 'sleep 0.5; exit 3'", "", "failed")]
    [InlineData("times out", "run: 'sleep 60', timeout: 1s", "", "failed")]
    [InlineData("is cancelled", "run: 'sleep 60'", "", "cancelled")]
    [InlineData("hits the run timeout", "run: 'sleep 60'", "timeout: 2s\n", "failed")]
    public async Task A_lock_is_released_at_once_when_its_holder(string how, string step, string pipelineFields, string status)
    {
        await using var h = await RunHarness.StartAsync();
        // Its finally step keeps the run going 15 s after the deploy ends: the lock must not wait for the run.
        var holder = await h.SubmitAsync($"id: holder\n{pipelineFields}steps:\n  - {{ id: deploy, lock: staging, {step} }}\nfinally:\n  - {{ id: cleanup, sleep: 15s }}\n");
        await WaitForStartAsync(h, holder, "deploy");
        var waiter = await h.SubmitAsync("id: waiter\nsteps:\n  - { id: deploy, lock: staging, sleep: 10ms }\n");
        await WaitForQueuedAsync(h, waiter, "deploy");
        if (how == "is cancelled")
        {
            await h.Harness.Bus.Publish(new CancelRun(holder, "user"));
        }

        var held = await h.FinishedAsync(holder);
        var next = await h.FinishedAsync(waiter);

        Assert.Equal(status, held.Status);
        Assert.Equal("succeeded", next.Status);
        Assert.True(next.Start("deploy") >= held.End("deploy"));
        // At once: not when the holder's run ends (15 s later), let alone its own 60 s step.
        Assert.True(next.Start("deploy") - held.End("deploy") < TimeSpan.FromSeconds(10), $"{how}: waited {next.Start("deploy") - held.End("deploy")}");
        Assert.True(next.Start("deploy") < held.End("cleanup"));
    }

    [Fact]
    public async Task A_run_cancelled_while_it_waits_gives_up_its_place_and_the_next_waiter_is_served()
    {
        await using var h = await RunHarness.StartAsync();
        var holder = await h.SubmitAsync("id: holder\nsteps:\n  - { id: deploy, lock: staging, sleep: 2s }\n");
        await WaitForStartAsync(h, holder, "deploy");
        var quitter = await h.SubmitAsync("id: quitter\nsteps:\n  - { id: deploy, lock: staging, sleep: 10s }\n");
        await WaitForQueuedAsync(h, quitter, "deploy");
        var last = await h.SubmitAsync("id: last\nsteps:\n  - { id: deploy, lock: staging, sleep: 10ms }\n");
        await h.Harness.Bus.Publish(new CancelRun(quitter, "user"));

        var quit = await h.FinishedAsync(quitter);
        var served = await h.FinishedAsync(last);
        var first = await h.FinishedAsync(holder);

        Assert.Equal("cancelled", quit.Status);
        Assert.Null(quit.Step("deploy").StartedAt); // it never ran
        Assert.Equal("succeeded", served.Status);
        Assert.True(served.Start("deploy") >= first.End("deploy"));
    }

    [Fact]
    public async Task A_waiting_step_says_which_run_and_step_hold_its_lock()
    {
        await using var h = await RunHarness.StartAsync();
        var holder = await h.SubmitAsync("id: holder\nsteps:\n  - { id: deploy, lock: deploy-prod, sleep: 2s }\n");
        await WaitForStartAsync(h, holder, "deploy");
        var waiter = await h.SubmitAsync("id: waiter\nsteps:\n  - { id: ship, lock: deploy-prod, sleep: 10ms }\n");
        var change = await WaitForQueuedAsync(h, waiter, "ship");

        Assert.Equal($"waiting for lock deploy-prod (held by run {holder.ToString()[..8]}, step deploy)", change.Reason);
        await h.FinishedAsync(waiter);
    }

    private static async Task WaitForStartAsync(RunHarness h, Guid runId, string stepId) =>
        Assert.True(await h.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == runId && m.Context.Message.StepId == stepId),
            $"{stepId} of {runId} never started");

    private static async Task<StepStatusChange> WaitForQueuedAsync(RunHarness h, Guid runId, string stepId)
    {
        Assert.True(await h.Harness.Published.Any<RunProgressed>(m => m.Context.Message.RunId == runId
            && m.Context.Message.Changes.Any(c => c.StepId == stepId && c.Status == "queued" && c.Reason != null && c.Reason.StartsWith("waiting for lock", StringComparison.Ordinal))),
            $"{stepId} of {runId} was never shown waiting for its lock");
        return h.Published<RunProgressed>(runId, m => m.RunId).SelectMany(p => p.Changes).First(c => c.StepId == stepId && c.Status == "queued" && c.Reason != null);
    }
}
