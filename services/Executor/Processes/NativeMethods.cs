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

    // Opaque glibc structures (posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80,
    // sigset_t 128 on x86-64 and arm64); allocated generously.
    internal const int OpaqueSize = 1024;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int WaitPid(int pid, int* status, int options);

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
}
