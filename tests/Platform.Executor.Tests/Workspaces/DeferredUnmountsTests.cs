using Platform.Executor.Workspaces;

namespace Platform.Executor.Tests.Workspaces;

/// <summary>
/// A finished branch step's mount namespace is closed later, off its path; but before the same layer is
/// mounted again (the branch's next step) it is closed at once, so two overlays never share an upper directory.
/// </summary>
public sealed class DeferredUnmountsTests
{
    private sealed class Handle(Action? onDispose = null) : IDisposable
    {
        private int _disposals;

        public int Disposals => _disposals;

        public void Dispose()
        {
            Interlocked.Increment(ref _disposals);
            onDispose?.Invoke();
        }
    }

    [Fact]
    public void A_layer_mounted_again_has_its_earlier_namespace_closed_first_even_while_the_closer_is_busy_and_only_once()
    {
        using var closerBusy = new ManualResetEventSlim();
        using var goOn = new ManualResetEventSlim();
        var blocker = new Handle(() =>
        {
            closerBusy.Set();
            goOn.Wait(TimeSpan.FromSeconds(30));
        });
        var layer = $"/layers/{Guid.NewGuid():N}";
        var earlier = new Handle();
        try
        {
            DeferredUnmounts.Release(new DeferredUnmounts.Held($"/layers/{Guid.NewGuid():N}", blocker));
            Assert.True(closerBusy.Wait(TimeSpan.FromSeconds(10)), "the closer never took the first handle");

            DeferredUnmounts.Release(new DeferredUnmounts.Held(layer, earlier)); // queued behind the busy closer
            Assert.Equal(0, earlier.Disposals);

            DeferredUnmounts.CloseNow(layer);
            Assert.Equal(1, earlier.Disposals);
        }
        finally
        {
            goOn.Set();
        }

        // The closer, once free, finds it closed already.
        var later = new Handle();
        DeferredUnmounts.Release(new DeferredUnmounts.Held(layer, later));
        SpinWait.SpinUntil(() => later.Disposals == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, later.Disposals);
        Assert.Equal(1, earlier.Disposals);
    }
}
