namespace Platform.Contracts;

/// <summary>
/// What an attempt's whole process tree used (docs/pipelines.md, "Resource use"): CPU seconds (user +
/// system), peak resident memory, and bytes read and written through read/write system calls.
/// <see cref="PeakMemoryBytes"/> is null when it could not be known (a short attempt whose peak stayed
/// under its Executor's own: see the docs).
/// </summary>
public sealed record ResourceUsage(double CpuSeconds, long? PeakMemoryBytes, long ReadBytes, long WrittenBytes);
