using Platform.Contracts;

namespace Platform.Coordinator.Tests;

/// <summary>
/// A step's start reaches the Coordinator with its result as well as by StepStarted: the two go by different
/// paths (embedded, the bus and the mediator), and a result applied before its StepStarted must not leave the
/// step started when it was dispatched — a step that waited for an Executor's slot would seem to have run meanwhile.
/// </summary>
public class StartReportTests
{
    [Theory, InlineData(false), InlineData(true)]
    public async Task A_result_carries_its_start_even_when_the_start_was_told_before(bool inProcess)
    {
        // Told at once: every attempt's StepStarted is published as it begins, long before its result.
        await using var h = await RunHarness.StartAsync(slots: 1, inProcess: inProcess, executor: o => o.StartReportDelay = TimeSpan.Zero);
        var run = await h.RunAsync("id: told\nsteps:\n  - parallel:\n    - { id: a, sleep: 150ms }\n    - { id: b, sleep: 150ms }\n");

        Assert.Equal("succeeded", run.Status);
        var started = h.Published<StepStarted>(run.RunId, m => m.RunId);
        var results = h.Published<StepSucceeded>(run.RunId, m => m.RunId);
        foreach (var id in new[] { "a", "b" })
        {
            var told = Assert.Single(started, s => s.StepId == id);
            Assert.Equal(told.At, Assert.Single(results, r => r.StepId == id).StartedAt);
            Assert.Equal(told.At, run.Start(id));
        }

        // One slot: the step that waited for it began after the other ended, and the report says so.
        var (first, second) = run.Start("a") < run.Start("b") ? ("a", "b") : ("b", "a");
        Assert.True(run.Start(second) >= run.End(first));
    }
}
