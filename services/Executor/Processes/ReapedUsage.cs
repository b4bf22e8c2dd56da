namespace Platform.Executor.Processes;

/// <summary>
/// What a reaped process and every descendant it (or they, in turn) waited for used, exactly, from the
/// kernel: wait4's rusage (CPU, the largest single resident set) and the zombie's /proc/PID/io, which
/// has its reaped descendants' bytes added in.
/// </summary>
/// <param name="MaxResidentBytes">
/// The largest resident set of any one process of that tree; null when it is not above the Executor's own
/// peak. posix_spawn starts the leader with vfork, sharing the Executor's memory until exec, and exec
/// records that memory's high-water mark in the leader's rusage: a figure at or under the Executor's peak
/// may be the Executor's, not the step's.
/// </param>
/// <param name="ReadBytes"><c>rchar</c>: bytes through read-like system calls (files, pipes, sockets).</param>
/// <param name="WrittenBytes"><c>wchar</c>: bytes through write-like system calls.</param>
public sealed record ReapedUsage(double CpuSeconds, long? MaxResidentBytes, long ReadBytes, long WrittenBytes);
