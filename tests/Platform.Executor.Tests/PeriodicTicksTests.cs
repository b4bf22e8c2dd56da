using Platform.ServiceDefaults;

namespace Platform.Executor.Tests;

/// <summary>The services' timer loops end when stopping without an exception (whose stack trace the timer would capture with file and line).</summary>
public class PeriodicTicksTests
{
    [Fact]
    public async Task Cancelling_the_token_ends_a_pending_wait_with_false_and_no_exception()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();
        using var _ = timer.StopOn(stop.Token);
        var waiting = timer.WaitForNextTickAsync().AsTask();

        await stop.CancelAsync();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_token_cancelled_before_the_loop_ends_it_at_its_first_wait()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        using var _ = timer.StopOn(new CancellationToken(canceled: true));

        Assert.False(await timer.WaitForNextTickAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Ticks_keep_coming_until_the_token_is_cancelled()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        using var stop = new CancellationTokenSource();
        using var _ = timer.StopOn(stop.Token);

        Assert.True(await timer.WaitForNextTickAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await timer.WaitForNextTickAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        await stop.CancelAsync();
        Assert.False(await timer.WaitForNextTickAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
