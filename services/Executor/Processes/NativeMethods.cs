using System.Runtime.InteropServices;

namespace Platform.Executor.Processes;

/// <summary>kill(2), the only way to signal a whole process group from .NET.</summary>
internal static partial class NativeMethods
{
    internal const int SigKill = 9;
    internal const int SigTerm = 15;
    internal const int NoSuchProcess = 3; // ESRCH

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
