using System.Text.Json.Serialization;
using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Something that happened to a run, with the time it happened: the engine's only input besides
/// its state. Attempt numbers start at 1; an event for an attempt that is no longer current
/// (late, duplicated, or from a cancelled attempt) is ignored.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunBegan), "began")]
[JsonDerivedType(typeof(AttemptStarted), "started")]
[JsonDerivedType(typeof(AttemptSucceeded), "succeeded")]
[JsonDerivedType(typeof(AttemptFailed), "failed")]
[JsonDerivedType(typeof(AttemptTimedOut), "timed-out")]
[JsonDerivedType(typeof(AttemptCancelled), "cancelled")]
[JsonDerivedType(typeof(CancelRequested), "cancel-requested")]
[JsonDerivedType(typeof(TimerFired), "timer")]
[JsonDerivedType(typeof(RunResumed), "resumed")]
[JsonDerivedType(typeof(AttemptLost), "lost")]
[JsonDerivedType(typeof(ApprovalDecided), "approval")]
[JsonDerivedType(typeof(LocksGranted), "locks-granted")]
[JsonDerivedType(typeof(LocksLost), "locks-lost")]
[JsonDerivedType(typeof(LocksRefused), "locks-refused")]
[JsonDerivedType(typeof(LayersMerged), "layers-merged")]
public abstract record RunEvent(DateTimeOffset At);

/// <summary>
/// The run begins, with its inputs already bound and typed, and the step cap in force (kept with the
/// run so a replay expands forEach exactly as the run did; null in runs stored before it was recorded).
/// A re-run (<see cref="RerunOf"/>) brings the outcomes it reuses from that run, by step id: such a step
/// ends succeeded with them when the engine would start it, and is not dispatched.
/// </summary>
/// <see cref="ConcurrencyCap"/>: <c>run --sequential</c> (1) or <c>--concurrency N</c>, kept with the run likewise.
/// <see cref="Name"/>: the name given with <c>--run-id</c> (<c>{{ run.name }}</c>).
public sealed record RunBegan(
    DateTimeOffset At,
    IReadOnlyDictionary<string, Value> Inputs,
    int? MaxSteps = null,
    int? ConcurrencyCap = null,
    string? Name = null,
    string? RerunOf = null,
    IReadOnlyDictionary<string, ReusedOutcome>? Reused = null) : RunEvent(At);

public sealed record AttemptStarted(DateTimeOffset At, string StepId, int Attempt) : RunEvent(At);

public sealed record AttemptSucceeded(
    DateTimeOffset At,
    string StepId,
    int Attempt,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    ResourceUse? Resources = null,
    IReadOnlyList<ArtifactRecord>? Artifacts = null,
    bool LayerUnchanged = false) : RunEvent(At);

/// <summary>An attempt's end may carry what its process tree used (<see cref="ResourceUse"/>); null when nothing was measured.</summary>
public sealed record AttemptFailed(DateTimeOffset At, string StepId, int Attempt, int? ExitCode, string Error, ResourceUse? Resources = null) : RunEvent(At);

/// <summary>The executor killed the attempt at its deadline.</summary>
public sealed record AttemptTimedOut(DateTimeOffset At, string StepId, int Attempt, ResourceUse? Resources = null) : RunEvent(At);

/// <summary>An executor confirms a cancelled attempt is gone. The engine already treated it as cancelled.</summary>
public sealed record AttemptCancelled(DateTimeOffset At, string StepId, int Attempt, ResourceUse? Resources = null) : RunEvent(At);

/// <summary>A user asks to cancel the run.</summary>
public sealed record CancelRequested(DateTimeOffset At, string Reason) : RunEvent(At);

/// <summary>A timer the engine scheduled is due (drivers fire it at or after its due time).</summary>
public sealed record TimerFired(DateTimeOffset At, TimerKey Key) : RunEvent(At);
