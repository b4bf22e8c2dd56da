namespace Platform.Contracts;

/// <summary>
/// Output of an attempt while it runs, published by its Executor in batches (every
/// <c>Executor:LogBatchInterval</c>, or sooner at <c>Executor:LogBatchBytes</c>): whole lines, secrets
/// masked, numbered from 0 per attempt. <see cref="At"/> is when the batch's first line was read. The
/// Coordinator keeps them with the run (bounded); followers of the run print them as they come.
/// </summary>
public sealed record StepLogs(Guid RunId, string StepId, int Attempt, long Sequence, DateTimeOffset At, string Text);
