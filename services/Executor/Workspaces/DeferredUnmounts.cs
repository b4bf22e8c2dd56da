using System.Collections.Concurrent;

namespace Platform.Executor.Workspaces;

/// <summary>
/// Closes the mount namespaces of finished branch steps (<see cref="MountNamespace"/>) on a thread of its own,
/// off the steps' path: the last close of a namespace unmounts its overlay, and overlayfs then syncs the whole
/// filesystem its upper directory is on (a disk flush on ext4, ~0.5–1 ms here). Closed in batches, so a burst of
/// branch ends pays for one flush rather than one each. Whatever is still queued when the process dies is
/// closed by the kernel: nothing stays mounted.
/// </summary>
internal static class DeferredUnmounts
{
    private static readonly BlockingCollection<IDisposable> Queue = [];
    private static readonly Lazy<Thread> Closer = new(() =>
    {
        var thread = new Thread(Close) { IsBackground = true, Name = "branch unmounts" };
        thread.Start();
        return thread;
    });

    /// <summary>Closes <paramref name="mountNamespace"/> soon, on the closer's thread; null is nothing to do.</summary>
    public static void Release(IDisposable? mountNamespace)
    {
        if (mountNamespace is null)
        {
            return;
        }

        _ = Closer.Value;
        Queue.Add(mountNamespace);
    }

    private static void Close()
    {
        foreach (var first in Queue.GetConsumingEnumerable())
        {
            first.Dispose();
            while (Queue.TryTake(out var next))
            {
                next.Dispose();
            }
        }
    }
}
