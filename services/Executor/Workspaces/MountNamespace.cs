using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Platform.Executor.Workspaces;

/// <summary>
/// Starts a process inside a mount namespace of its own with an overlay mounted, without a helper
/// program: a fresh thread leaves the Executor's mount namespace (<c>unshare(CLONE_NEWNS)</c> is allowed
/// in a multithreaded process: it concerns the calling thread alone), makes its mounts private, mounts
/// the overlay and starts the process, which inherits the namespace; then the thread ends. Needs
/// CAP_SYS_ADMIN (root): about 30 times cheaper than <c>unshare</c> + <c>sh</c> + <c>mount</c>
/// (bench/results/isolation-overhead.md).
/// <para>
/// The thread also opens the namespace (<c>/proc/thread-self/ns/mnt</c>) and hands the handle back, so the
/// namespace outlives the step's last process: the overlay's unmount, which syncs the whole filesystem
/// of its upper directory, then happens when the handle is closed (<see cref="DeferredUnmounts"/>) instead
/// of inside the step's exit, before its parent hears of it. A killed Executor's handles close with it.
/// </para>
/// </summary>
internal static partial class MountNamespace
{
    private const int NewMountNamespace = 0x00020000; // CLONE_NEWNS
    private const ulong Recursive = 16384; // MS_REC
    private const ulong Private = 1 << 18; // MS_PRIVATE
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC

    public static (T Started, SafeFileHandle Namespace) StartInside<T>(string directory, string options, Func<T> start)
    {
        T? started = default;
        SafeFileHandle? held = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Check(Unshare(NewMountNamespace), "unshare(CLONE_NEWNS)");
                Check(Mount(null, "/", null, Recursive | Private, null), "making the namespace's mounts private");
                Check(Mount("overlay", directory, "overlay", 0, options), $"mounting the branch's overlay on {directory}");
                var fd = Open("/proc/thread-self/ns/mnt", ReadOnlyCloseOnExec);
                Check(fd < 0 ? -1 : 0, "opening the branch's mount namespace");
                held = new SafeFileHandle(fd, ownsHandle: true);
                started = start();
            }
            catch (Exception e)
            {
                held?.Dispose();
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, maxStackSize: 256 * 1024)
        {
            IsBackground = true,
            Name = "branch mount",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return (started!, held!);
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new IOException($"{what} failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mount(string? source, string target, string? type, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
