using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Storage;

namespace Platform.Coordinator.Tests;

/// <summary>
/// <c>runs:</c>, concurrency groups of runs, with each <c>onLimit</c> value, run by the saga with real
/// executor consumers. What is asserted is what a user sees: statuses, reasons and overlap by timestamps.
/// </summary>
public class RunGroupSagaTests
{
    private static string Yaml(string onLimit, string step, string extra = "") =>
        "id: deploy\ninputs:\n  env: { default: prod }\n"
        + $"runs: {{ key: \"deploy-{{{{ inputs.env }}}}\", limit: 1, onLimit: {onLimit}{extra} }}\n"
        + $"steps:\n  - {{ id: ship, {step} }}\n";

    private static Dictionary<string, string> Env(string env) => new() { ["env"] = env };

    private static async Task WaitForQueuedAsync(RunHarness h, Guid runId, string position)
    {
        Assert.True(await h.Harness.Published.Any<RunProgressed>(m => m.Context.Message.RunId == runId
            && m.Context.Message.Changes.Any(c => c.Reason != null && c.Reason.StartsWith($"queued: position {position} for concurrency group", StringComparison.Ordinal))),
            $"run {runId} was never shown queued at position {position}");
        var stored = await h.Services.GetRequiredService<IRunStore>().GetRunAsync(runId);
        Assert.Equal(RunStatus.Queued, stored!.Status);
    }

    private static async Task WaitForStartAsync(RunHarness h, Guid runId) =>
        Assert.True(await h.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == runId), $"run {runId} never started a step");

    [Fact]
    public async Task Queue_runs_one_run_per_key_at_a_time_in_order_and_other_keys_at_once()
    {
        await using var h = await RunHarness.StartAsync();
        var yaml = Yaml("queue", "sleep: 800ms");
        var first = await h.SubmitAsync(yaml, inputs: Env("prod"));
        await WaitForStartAsync(h, first);
        var second = await h.SubmitAsync(yaml, inputs: Env("prod"));
        await WaitForQueuedAsync(h, second, "1");
        var third = await h.SubmitAsync(yaml, inputs: Env("prod"));
        await WaitForQueuedAsync(h, third, "2");
        var other = await h.SubmitAsync(yaml, inputs: Env("dev"));

        var (a, b, c, d) = (await h.FinishedAsync(first), await h.FinishedAsync(second), await h.FinishedAsync(third), await h.FinishedAsync(other));
        Assert.All(new[] { a, b, c, d }, r => Assert.Equal("succeeded", r.Status));
        Assert.True(b.Start("ship") >= a.End("ship") && c.Start("ship") >= b.End("ship"));
        Assert.True(d.Start("ship") < a.End("ship"), "a run of another key waited");
        // The queued run's own clock starts when it is admitted: its wait was queue time.
        Assert.True(c.StartedAt >= b.End("ship"));
    }

    [Fact]
    public async Task Queue_rejects_the_run_past_max_queued_with_a_reason()
    {
        await using var h = await RunHarness.StartAsync();
        var yaml = Yaml("queue", "sleep: 2s", ", maxQueued: 1");
        var first = await h.SubmitAsync(yaml);
        await WaitForStartAsync(h, first);
        var second = await h.SubmitAsync(yaml);
        await WaitForQueuedAsync(h, second, "1");
        var third = await h.RunAsync(yaml);

        Assert.Equal("failed", third.Status);
        Assert.Null(third.Step("ship").StartedAt);
        Assert.Contains("maxQueued: 1", third.Step("ship").Reason);
        Assert.Equal("succeeded", (await h.FinishedAsync(first)).Status);
        Assert.Equal("succeeded", (await h.FinishedAsync(second)).Status);
    }

    [Fact]
    public async Task Fail_rejects_the_newcomer_and_keeps_the_running_run()
    {
        await using var h = await RunHarness.StartAsync();
        var yaml = Yaml("fail", "sleep: 1500ms");
        var first = await h.SubmitAsync(yaml);
        await WaitForStartAsync(h, first);
        var second = await h.RunAsync(yaml);

        Assert.Equal("failed", second.Status);
        Assert.Contains("onLimit: fail", second.Step("ship").Reason);
        Assert.Equal("succeeded", (await h.FinishedAsync(first)).Status);
    }

    [Fact]
    public async Task Cancel_running_cancels_the_running_run_for_the_newcomer()
    {
        await using var h = await RunHarness.StartAsync();
        var first = await h.SubmitAsync(Yaml("cancel-running", "run: 'sleep 60'"));
        await WaitForStartAsync(h, first);
        var second = await h.SubmitAsync(Yaml("cancel-running", "sleep: 10ms"));

        var (a, b) = (await h.FinishedAsync(first), await h.FinishedAsync(second));
        Assert.Equal("cancelled", a.Status);
        Assert.Contains("onLimit: cancel-running", a.Step("ship").Reason);
        Assert.Equal("succeeded", b.Status);
        Assert.True(b.Start("ship") >= a.End("ship"));
    }

    [Fact]
    public async Task Cancel_queued_keeps_the_running_run_and_replaces_the_queued_one_with_the_newest()
    {
        await using var h = await RunHarness.StartAsync();
        var yaml = Yaml("cancel-queued", "sleep: 2s");
        var first = await h.SubmitAsync(yaml);
        await WaitForStartAsync(h, first);
        var second = await h.SubmitAsync(yaml);
        await WaitForQueuedAsync(h, second, "1");
        var third = await h.SubmitAsync(yaml);

        var (a, b, c) = (await h.FinishedAsync(first), await h.FinishedAsync(second), await h.FinishedAsync(third));
        Assert.Equal("succeeded", a.Status);
        Assert.Equal("cancelled", b.Status);
        Assert.Null(b.Step("ship").StartedAt);
        Assert.Equal("succeeded", c.Status);
        Assert.True(c.Start("ship") >= a.End("ship"));
    }
}
