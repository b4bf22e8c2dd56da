using Platform.Contracts;

namespace Platform.Cli.Running;

/// <summary>How a submitted run ended: finished (with its report) or rejected (with its errors).</summary>
internal sealed record RunFinishedOrRejected(RunFinished? Finished, RunRejected? Rejected);
