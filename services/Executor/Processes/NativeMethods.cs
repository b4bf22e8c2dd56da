using System.Runtime.InteropServices;

namespace Platform.Executor.Processes;

/// <summary>The libc calls .NET's Process does not expose: group signals, and posix_spawn with a new session.</summary>
internal static unsafe partial class NativeMethods
{
    internal const int SigKill = 9;
    internal const int SigTerm = 15;
    internal const int NoSuchProcess = 3; // ESRCH
    internal const int NoChild = 10; // ECHILD

    // <spawn.h> (glibc): the flags a step's process is started with.
    internal const short SpawnSetSignalDefaults = 0x04;
    internal const short SpawnSetSignalMask = 0x08;
    internal const short SpawnSetSession = 0x80;

    internal const int OpenReadOnly = 0;
    internal const int OpenCloseOnExec = 0x80000; // O_CLOEXEC
    internal const int WaitNoHang = 1; // WNOHANG
    internal const int WaitExited = 4; // WEXITED
    internal const int WaitNoWait = 0x01000000; // WNOWAIT: look at a zombie without reaping it
    internal const int IdTypePid = 1; // P_PID

    // siginfo_t is 128 bytes; si_pid sits after si_signo, si_errno, si_code and padding to 8 (x86-64, arm64).
    internal const int SignalInfoSize = 128;
    internal const int SignalInfoPidOffset = 16;

    // struct rusage: ru_utime and ru_stime (timeval: 2 longs each), then 14 longs, ru_maxrss (KiB) first.
    internal const int ResourceUsageLongs = 18;

    // Opaque glibc structures (posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80,
    // sigset_t 128 on x86-64 and arm64); allocated generously.
    internal const int OpaqueSize = 1024;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read")]
    internal static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int WaitPid(int pid, int* status, int options);

    internal const int SysconfClockTicks = 2; // _SC_CLK_TCK

    internal const int ClockBootTime = 7; // CLOCK_BOOTTIME
    internal const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    internal static partial int ClockGetTime(int clock, long* time);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    internal static partial long Sysconf(int name);

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    internal static partial int WaitId(int idType, int id, byte* info, int options);

    internal const int RusageSelf = 0; // RUSAGE_SELF

    [LibraryImport("libc", EntryPoint = "getrusage")]
    internal static partial int GetRusage(int who, long* usage);

    [LibraryImport("libc", EntryPoint = "wait4", SetLastError = true)]
    internal static partial int Wait4(int pid, int* status, int options, long* usage);

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int PosixSpawn(int* pid, string path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    internal static partial int SpawnAttrInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    internal static partial int SpawnAttrDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    internal static partial int SpawnAttrSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    internal static partial int SpawnAttrSetSignalMask(void* attributes, void* mask);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static partial int SpawnAttrSetSignalDefaults(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    internal static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    internal static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    internal static partial int FileActionsDup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FileActionsOpen(void* actions, int fd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FileActionsChdir(void* actions, string path);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    internal static partial int SignalSetEmpty(void* set);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    internal static partial int SignalSetFill(void* set);

    /// <summary>The calling thread's id (the id a cgroup v1 <c>tasks</c> file takes).</summary>
    [LibraryImport("libc", EntryPoint = "gettid")]
    internal static partial int GetThreadId();
}
