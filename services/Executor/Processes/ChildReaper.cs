using System.Globalization;
using System.Runtime.InteropServices;

namespace Platform.Executor.Processes;

/// <summary>
/// Reaps the children started by <see cref="SpawnedProcess"/>: .NET's Process reaps only its own, so
/// on every SIGCHLD this checks each of ours and completes its exit task. A measured child is looked at
/// as a zombie first (waitid with WNOWAIT) to read its /proc/PID/io, then reaped with wait4 for its
/// rusage: both include every descendant that was waited for inside its tree.
/// </summary>
internal static unsafe class ChildReaper
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, Watched> Running = [];
    private static PosixSignalRegistration? _registration;
    private static long _ownPeak; // KiB, as last read: it only grows, so it is read again only when a child's peak is above it

    /// <summary>How <paramref name="pid"/> ended, once it has: its exit code and, when <paramref name="measure"/>, its usage.</summary>
    public static Task<ReapedChild> Watch(int pid, bool measure)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("steps' processes are started with posix_spawn");

        var exited = new TaskCompletionSource<ReapedChild>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            _registration ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ReapExited());
            Running[pid] = new Watched(exited, measure);
        }

        ReapExited(); // it may have ended before it was watched: its SIGCHLD came too early
        return exited.Task;
    }

    private static void ReapExited()
    {
        List<(TaskCompletionSource<ReapedChild> Exited, ReapedChild Child)>? ended = null;
        lock (Gate)
        {
            foreach (var (pid, watched) in Running)
            {
                if (TryReap(pid, watched.Measure) is { } child)
                {
                    (ended ??= []).Add((watched.Exited, child));
                    Running.Remove(pid);
                }
            }
        }

        foreach (var (exited, child) in ended ?? [])
        {
            exited.TrySetResult(child);
        }
    }

    private static ReapedChild? TryReap(int pid, bool measure)
    {
        (long Read, long Written)? io = null;
        var since = measure ? Resources.MeasurementCost.Now() : 0;
        if (measure)
        {
            var info = stackalloc byte[NativeMethods.SignalInfoSize];
            new Span<byte>(info, NativeMethods.SignalInfoSize).Clear();
            var peeked = NativeMethods.WaitId(NativeMethods.IdTypePid, pid, info,
                NativeMethods.WaitExited | NativeMethods.WaitNoHang | NativeMethods.WaitNoWait);
            if (peeked == 0 && *(int*)(info + NativeMethods.SignalInfoPidOffset) != pid)
            {
                Resources.MeasurementCost.Since(since);
                return null; // still running
            }

            if (peeked == 0)
                io = ReadIo(pid); // a zombie: its counters now hold its whole waited-for tree
        }

        Resources.MeasurementCost.Since(since); // the peek and the zombie's io: only a measured child gets them
        int status;
        var usage = stackalloc long[NativeMethods.ResourceUsageLongs];
        var result = NativeMethods.Wait4(pid, &status, NativeMethods.WaitNoHang, usage);
        if (result == pid)
        {
            since = measure ? Resources.MeasurementCost.Now() : 0;
            var reaped = measure
                ? new ReapedUsage(
                    usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6,
                    usage[4] > _ownPeak && usage[4] > (_ownPeak = OwnPeakKilobytes()) ? usage[4] * 1024 : null,
                    io?.Read ?? 0,
                    io?.Written ?? 0)
                : null;
            Resources.MeasurementCost.Since(since);
            return new ReapedChild(ExitCode(status), reaped);
        }

        return result < 0 && Marshal.GetLastPInvokeError() == NativeMethods.NoChild ? new ReapedChild(-1, null) : null;
    }

    /// <summary>This process's own peak resident set (getrusage RUSAGE_SELF), in KiB.</summary>
    private static long OwnPeakKilobytes()
    {
        var usage = stackalloc long[NativeMethods.ResourceUsageLongs];
        return NativeMethods.GetRusage(NativeMethods.RusageSelf, usage) == 0 ? usage[4] : long.MaxValue;
    }

    /// <summary>
    /// rchar and wchar from /proc/PID/io; zeros when it cannot be read (another user's process, no /proc).
    /// </summary>
    internal static (long Read, long Written) ReadIo(int pid)
    {
        Span<byte> buffer = stackalloc byte[512];
        var length = KernelFile.Read(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/io"), buffer);
        return length < 0 ? (0, 0) : (KernelFile.Number(buffer[..length], "rchar: "u8), KernelFile.Number(buffer[..length], "wchar: "u8));
    }

    // WIFEXITED: the low 7 bits are 0 and the code is in bits 8-15; otherwise the low 7 bits are the signal.
    private static int ExitCode(int status) => (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);

    private sealed record Watched(TaskCompletionSource<ReapedChild> Exited, bool Measure);
}
