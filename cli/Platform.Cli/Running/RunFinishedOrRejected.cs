using Platform.Contracts;

namespace Platform.Cli.Running;

/// <summary>
/// How a submitted run ended: finished (with its report), rejected (with its errors), or given up
/// (<see cref="GaveUp"/> says why: --timeout, or a signal while no Coordinator had answered).
/// </summary>
internal sealed record RunFinishedOrRejected(RunFinished? Finished, RunRejected? Rejected, string? GaveUp = null, bool Answered = true);
