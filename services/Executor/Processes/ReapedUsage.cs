namespace Platform.Executor.Processes;

/// <summary>
/// What a reaped process and every descendant it (or they, in turn) waited for used, exactly, from the
/// kernel: wait4's rusage (CPU, the largest single resident set) and the zombie's /proc/PID/io, which
/// has its reaped descendants' bytes added in.
/// </summary>
/// <param name="ReadBytes"><c>rchar</c>: bytes through read-like system calls (files, pipes, sockets).</param>
/// <param name="WrittenBytes"><c>wchar</c>: bytes through write-like system calls.</param>
public sealed record ReapedUsage(double CpuSeconds, long MaxResidentBytes, long ReadBytes, long WrittenBytes);
