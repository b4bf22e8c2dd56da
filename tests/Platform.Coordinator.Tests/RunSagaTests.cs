using Platform.Contracts;

namespace Platform.Coordinator.Tests;

/// <summary>
/// Each rule of docs/pipelines.md (groups, failure), run by the saga with real executor consumers:
/// ExecuteSteps over the bus (between processes) and handed over in process (the embedded default).
/// </summary>
public class RunSagaTests
{
    [Theory, InlineData(false), InlineData(true)]
    public async Task Sequential_steps_run_in_order_each_after_the_previous_ended(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var run = await h.RunAsync("id: seq\nsteps:\n  - { id: a, sleep: 100ms }\n  - { id: b, sleep: 100ms }\n  - { id: c, run: echo hi }\n");

        Assert.Equal("succeeded", run.Status);
        Assert.True(run.Start("b") >= run.End("a"));
        Assert.True(run.Start("c") >= run.End("b"));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task A_parallel_group_fans_out_and_the_next_step_waits_for_all_children(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var run = await h.RunAsync("id: fan\nsteps:\n  - parallel:\n    - { id: a, sleep: 300ms }\n    - { id: b, sleep: 300ms }\n    - { id: c, sleep: 600ms }\n  - { id: after, sleep: 10ms }\n");

        Assert.Equal("succeeded", run.Status);
        Assert.Equal(3, run.PeakOverlap(["a", "b", "c"]));
        Assert.True(run.Start("after") >= new[] { run.End("a"), run.End("b"), run.End("c") }.Max());
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task A_concurrency_limit_keeps_at_most_that_many_children_running(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var steps = string.Concat(Enumerable.Range(0, 8).Select(i => $"      - {{ id: s{i}, sleep: 150ms }}\n"));
        var run = await h.RunAsync($"id: limited\nsteps:\n  - parallel:\n      concurrency: 3\n      steps:\n{steps}");

        Assert.Equal("succeeded", run.Status);
        Assert.Equal(3, run.PeakOverlap(Enumerable.Range(0, 8).Select(i => $"s{i}")));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task A_failing_step_cancels_its_running_siblings_and_skips_what_follows(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var id = await h.SubmitAsync("id: ff\nsteps:\n  - parallel:\n    - { id: bad, run: 'sleep 0.2; exit 4' }\n    - { id: slow, sleep: 30s }\n  - { id: next, run: 'true' }\n");
        var run = await h.FinishedAsync(id);

        Assert.Equal("failed", run.Status);
        Assert.Equal("failed", run.Status("bad"));
        Assert.Equal(4, run.Step("bad").ExitCode);
        Assert.Equal("cancelled", run.Status("slow"));
        Assert.True(run.End("slow") - run.Start("slow") < TimeSpan.FromSeconds(10));
        Assert.Equal("skipped", run.Status("next"));
        Assert.Contains(h.Published<CancelStep>(id, m => m.RunId), c => c.StepId == "slow");
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task Wait_any_finishes_with_the_first_success_and_cancels_the_losers(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var run = await h.RunAsync("id: race\nsteps:\n  - parallel:\n      wait: any\n      steps:\n        - { id: fast, sleep: 100ms }\n        - { id: slow1, sleep: 30s }\n        - { id: slow2, sleep: 30s }\n  - { id: next, sleep: 10ms }\n");

        Assert.Equal("succeeded", run.Status);
        Assert.Equal("succeeded", run.Status("fast"));
        Assert.Equal("cancelled", run.Status("slow1"));
        Assert.Equal("cancelled", run.Status("slow2"));
        Assert.True(run.Start("next") - run.End("fast") < TimeSpan.FromSeconds(5));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task A_quorum_succeeds_with_enough_successes_and_cancels_the_rest(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var run = await h.RunAsync("id: q\nsteps:\n  - parallel:\n      wait: 2\n      steps:\n        - { id: a, sleep: 100ms }\n        - { id: b, run: 'exit 1' }\n        - { id: c, sleep: 200ms }\n        - { id: d, sleep: 30s }\n");

        Assert.Equal("succeeded", run.Status);
        Assert.Equal(["succeeded", "failed", "succeeded", "cancelled"], run.StepRows().Select(s => s.Status));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task Fire_and_forget_children_do_not_hold_back_the_next_step_but_the_run_waits_for_them(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var run = await h.RunAsync("id: ff\nsteps:\n  - parallel:\n      wait: none\n      steps:\n        - { id: bg, sleep: 800ms }\n  - { id: next, sleep: 10ms }\n");

        Assert.Equal("succeeded", run.Status);
        Assert.True(run.End("next") < run.End("bg"));
        Assert.True(run.FinishedAt >= run.End("bg"));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task A_failing_step_is_retried_after_its_delay_as_a_new_attempt(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var marker = Path.Combine(Path.GetTempPath(), $"retry-{Guid.NewGuid():N}");
        var id = await h.SubmitAsync($"id: r\nsteps:\n  - id: flaky\n    retry: {{ attempts: 3, delay: 300ms }}\n    run: 'echo x >> {marker}; [ $(wc -l < {marker}) -ge 2 ]'\n");
        var run = await h.FinishedAsync(id);

        Assert.Equal("succeeded", run.Status("flaky"));
        Assert.Equal(2, run.Step("flaky").Attempts);
        Assert.Equal(2, File.ReadAllLines(marker).Length); // the command ran twice, no more
        var dispatches = h.Published<ExecuteStep>(id, m => m.RunId).Where(m => m.StepId == "flaky").Select(m => m.Attempt);
        Assert.Equal(inProcess ? [] : [1, 2], dispatches); // in process, nothing crosses the bus
        File.Delete(marker);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task A_step_over_its_timeout_ends_timed_out_and_the_run_fails(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var run = await h.RunAsync("id: t\nsteps:\n  - { id: slow, run: 'sleep 30', timeout: 300ms }\n");

        Assert.Equal("failed", run.Status);
        Assert.Equal("timed-out", run.Status("slow"));
        Assert.True(run.End("slow") - run.Start("slow") < TimeSpan.FromSeconds(10));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task Finally_runs_after_a_failure(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var run = await h.RunAsync("id: f\nsteps:\n  - { id: bad, run: 'exit 1' }\n  - { id: skipped, run: 'true' }\nfinally:\n  - { id: cleanup, run: 'true' }\n");

        Assert.Equal("failed", run.Status);
        Assert.Equal(["failed", "skipped", "succeeded"], run.StepRows().Select(s => s.Status));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task Cancelling_a_run_cancels_running_steps_and_runs_finally(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var id = await h.SubmitAsync("id: c\nsteps:\n  - { id: long, sleep: 30s }\n  - { id: next, run: 'true' }\nfinally:\n  - { id: cleanup, run: 'true' }\n");
        Assert.True(await h.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == id));
        await h.Harness.Bus.Publish(new CancelRun(id, "user"));
        var run = await h.FinishedAsync(id);

        Assert.Equal("cancelled", run.Status);
        Assert.Equal(["cancelled", "skipped", "succeeded"], run.StepRows().Select(s => s.Status));

        // The executor confirms the sleeping step really stopped, promptly.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!h.Published<StepCancelled>(id, m => m.RunId).Any(m => m.StepId == "long"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the executor did not confirm the cancelled step within 5s");
            await Task.Delay(20);
        }
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task An_invalid_pipeline_is_rejected_with_file_line_and_column(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var id = await h.SubmitAsync("id: bad\nsteps:\n  - { id: a, rnu: echo }\n");

        Assert.True(await h.Harness.Published.Any<RunRejected>(m => m.Context.Message.RunId == id));
        var rejected = h.Published<RunRejected>(id, m => m.RunId).Single();
        Assert.Contains(rejected.Errors, e => e.StartsWith("test.yaml:3:", StringComparison.Ordinal) && e.Contains("rnu", StringComparison.Ordinal));
        Assert.False(await h.PublishedSoonAsync<RunStarted>(m => m.RunId == id));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task Submitting_the_same_run_id_twice_creates_one_run(bool inProcess)
    {
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);
        var id = Guid.NewGuid();
        var marker = Path.Combine(Path.GetTempPath(), $"once-{Guid.NewGuid():N}");
        var yaml = $"id: once\nsteps:\n  - {{ id: a, run: 'sleep 0.2; echo x >> {marker}' }}\n";
        await h.SubmitAsync(yaml, id);
        await h.SubmitAsync(yaml, id);
        await h.FinishedAsync(id);

        Assert.Single(h.Published<RunStarted>(id, m => m.RunId));
        Assert.Single(File.ReadAllLines(marker)); // its one step ran once
        Assert.Equal(inProcess ? 0 : 1, h.Published<ExecuteStep>(id, m => m.RunId).Count);
        File.Delete(marker);
    }
}
