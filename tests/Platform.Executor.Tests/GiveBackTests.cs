using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Executor.Cancellation;
using Platform.Executor.Extensions;
using Platform.Executor.Running;

namespace Platform.Executor.Tests;

/// <summary>
/// A stopping executor gives back the attempts still running (their leases end, the Coordinator starts them
/// again) and reports the ones that ended: one or the other, never both, never neither.
/// </summary>
public sealed class GiveBackTests : IAsyncDisposable
{
    // No bus here: a result cannot go out, so it stays on its way (tried again every 20 ms) as long as the test needs.
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddExecutor(o =>
        {
            o.Slots = 2;
            o.RepublishInterval = TimeSpan.FromMilliseconds(20);
        })
        .BuildServiceProvider();

    private AttemptExecutions Executions => _services.GetRequiredService<AttemptExecutions>();

    private AttemptResultReporter Reporter => _services.GetRequiredService<AttemptResultReporter>();

    [Fact]
    public async Task An_attempt_whose_step_ended_is_not_given_back_while_its_result_is_on_its_way()
    {
        var execution = await StartAsync(new ExecuteStep(Guid.NewGuid(), "quick", 1, ["true"], null, null, new Dictionary<string, string>(), null, null));
        await execution.Running;
        await WaitUntilAsync(() => Reporter.Unreported.Contains(execution.Key)); // ended, its result being published

        var given = Executions.GiveUpAll("the executor is stopping");

        Assert.Empty(given);
        Assert.Null(execution.UnreportedReason);
        Assert.Contains(execution.Key, Reporter.Unreported); // still to be reported, not dropped
    }

    [Fact]
    public async Task A_running_attempt_is_given_back_killed_and_not_reported()
    {
        var execution = await StartAsync(new ExecuteStep(Guid.NewGuid(), "long", 1, ["sleep 30"], null, null, new Dictionary<string, string>(), null, null));
        await WaitUntilAsync(() => Executions.Running.Contains(execution.Key));

        var given = Executions.GiveUpAll("the executor is stopping");

        Assert.Equal([execution.Key], given);
        var ended = await execution.Running.WaitAsync(TimeSpan.FromSeconds(10));
        await execution.Reported.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("the executor is stopping", execution.UnreportedReason);
        Assert.DoesNotContain(execution.Key, Reporter.Unreported);
        Assert.NotEqual(StepOutcome.Succeeded, ended.Outcome);
    }

    private async Task<AttemptExecution> StartAsync(ExecuteStep step)
    {
        var (attempt, cancelled) = await Executions.TakeAsync(AttemptKey.Of(step), CancellationToken.None);
        Assert.Null(cancelled);
        return Executions.Start(step, attempt!, activity: null) ?? throw new InvalidOperationException("the executor is stopping");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
