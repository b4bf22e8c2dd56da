using System.Collections.Concurrent;

namespace Platform.Executor.Workspaces;

/// <summary>
/// Closes the mount namespaces of finished branch steps (<see cref="MountNamespace"/>) on a thread of its own,
/// off the steps' path: the last close of a namespace unmounts its overlay, and overlayfs then syncs the whole
/// filesystem its upper directory is on (a disk flush on ext4, ~0.5–1 ms here). Closed in batches, so a burst of
/// branch ends pays for one flush rather than one each. A layer about to be mounted again (the next step of the
/// same branch) has its earlier namespaces closed first, at once (<see cref="CloseNow"/>): two overlays must not
/// share an upper directory. Whatever is still held when the process dies is closed by the kernel: nothing stays
/// mounted.
/// </summary>
internal static class DeferredUnmounts
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, List<Held>> Pending = new(StringComparer.Ordinal);
    private static readonly BlockingCollection<Held> Queue = [];
    private static readonly Lazy<Thread> Closer = new(() =>
    {
        var thread = new Thread(Close) { IsBackground = true, Name = "branch unmounts" };
        thread.Start();
        return thread;
    });

    /// <summary>A branch step's mount namespace, held open; <paramref name="layer"/>: the folder its overlay writes into.</summary>
    internal sealed class Held(string layer, IDisposable handle) : IDisposable
    {
        public string Layer { get; } = layer;

        public void Dispose() => handle.Dispose();
    }

    /// <summary>Closes <paramref name="held"/> soon, on the closer's thread; null is nothing to do.</summary>
    public static void Release(Held? held)
    {
        if (held is null)
        {
            return;
        }

        lock (Gate)
        {
            if (!Pending.TryGetValue(held.Layer, out var list))
            {
                Pending[held.Layer] = list = [];
            }

            list.Add(held);
        }

        _ = Closer.Value;
        Queue.Add(held);
    }

    /// <summary>Releases <paramref name="mountNamespace"/> (<see cref="Release"/>) when disposed: however its step ends, it is let go.</summary>
    public static IDisposable ReleaseWhenDone(Held? mountNamespace) => new Releasing(mountNamespace);

    private sealed class Releasing(Held? mountNamespace) : IDisposable
    {
        private Held? _held = mountNamespace;

        public void Dispose() => Release(Interlocked.Exchange(ref _held, null));
    }

    /// <summary>Before <paramref name="layer"/> is mounted again: the namespaces of its earlier, finished steps are closed now.</summary>
    public static void CloseNow(string layer)
    {
        List<Held>? earlier;
        lock (Gate)
        {
            Pending.Remove(layer, out earlier);
        }

        foreach (var held in earlier ?? [])
        {
            held.Dispose();
        }
    }

    private static void Close()
    {
        foreach (var first in Queue.GetConsumingEnumerable())
        {
            CloseIfPending(first);
            while (Queue.TryTake(out var next))
            {
                CloseIfPending(next);
            }
        }
    }

    private static void CloseIfPending(Held held)
    {
        bool pending;
        lock (Gate)
        {
            pending = Pending.TryGetValue(held.Layer, out var list) && list.Remove(held);
            if (pending && list!.Count == 0)
            {
                Pending.Remove(held.Layer);
            }
        }

        if (pending)
        {
            held.Dispose(); // else closed already by CloseNow
        }
    }
}
