using Platform.ServiceDefaults.Pacing;

namespace Platform.Executor.Tests;

/// <summary>The embedded Executor's wait for the Coordinator to take a run's results: released by that run only, and forgotten once over.</summary>
public sealed class ResultPacingTests
{
    [Fact]
    public async Task A_wait_ends_when_the_Coordinator_takes_a_result_of_that_run_and_not_of_another()
    {
        var pacing = new ResultPacing();
        var run = Guid.NewGuid();
        var taken = pacing.Expect(run);

        pacing.Taken(Guid.NewGuid());
        Assert.False(taken.IsCompleted);

        pacing.Taken(run);
        await taken.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_wait_given_up_is_forgotten_and_a_later_one_is_not_released_by_it()
    {
        var pacing = new ResultPacing();
        var run = Guid.NewGuid();
        var first = pacing.Expect(run);
        pacing.Done(run, first);
        pacing.Taken(run); // nothing expected any more: no effect
        Assert.False(first.IsCompleted);

        var second = pacing.Expect(run);
        pacing.Done(run, first); // an old wait never removes a newer one
        pacing.Taken(run);
        Assert.True(second.IsCompleted);
    }
}
