using System.Runtime.InteropServices;

namespace Platform.Executor.Processes;

/// <summary>
/// Reaps the children started by <see cref="SpawnedProcess"/>: .NET's Process reaps only its own, so
/// on every SIGCHLD this checks each of ours with waitpid(WNOHANG) and completes its exit task.
/// </summary>
internal static unsafe class ChildReaper
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, TaskCompletionSource<int>> Running = [];
    private static PosixSignalRegistration? _registration;

    /// <summary>The exit code of <paramref name="pid"/> once it ends: its status, or 128 + the signal that killed it.</summary>
    public static Task<int> Watch(int pid)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("steps' processes are started with posix_spawn");

        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            _registration ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ReapExited());
            Running[pid] = exited;
        }

        ReapExited(); // it may have ended before it was watched: its SIGCHLD came too early
        return exited.Task;
    }

    private static void ReapExited()
    {
        List<(TaskCompletionSource<int> Exited, int Code)>? ended = null;
        lock (Gate)
        {
            foreach (var (pid, exited) in Running)
            {
                int status;
                var result = NativeMethods.WaitPid(pid, &status, NativeMethods.WaitNoHang);
                if (result == pid || (result < 0 && Marshal.GetLastPInvokeError() == NativeMethods.NoChild))
                {
                    (ended ??= []).Add((exited, result == pid ? ExitCode(status) : -1));
                    Running.Remove(pid);
                }
            }
        }

        foreach (var (exited, code) in ended ?? [])
        {
            exited.TrySetResult(code);
        }
    }

    // WIFEXITED: the low 7 bits are 0 and the code is in bits 8-15; otherwise the low 7 bits are the signal.
    private static int ExitCode(int status) => (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}
