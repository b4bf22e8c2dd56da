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
[JsonDerivedType(typeof(LocksGranted), "locks-granted")]
[JsonDerivedType(typeof(LocksLost), "locks-lost")]
[JsonDerivedType(typeof(LocksRefused), "locks-refused")]
public abstract record RunEvent(DateTimeOffset At);

/// <summary>
/// The run begins, with its inputs already bound and typed, and the step cap in force (kept with the
/// run so a replay expands forEach exactly as the run did; null in runs stored before it was recorded).
/// </summary>
public sealed record RunBegan(DateTimeOffset At, IReadOnlyDictionary<string, Value> Inputs, int? MaxSteps = null) : RunEvent(At);

public sealed record AttemptStarted(DateTimeOffset At, string StepId, int Attempt) : RunEvent(At);

public sealed record AttemptSucceeded(
    DateTimeOffset At,
    string StepId,
    int Attempt,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs) : RunEvent(At);

public sealed record AttemptFailed(DateTimeOffset At, string StepId, int Attempt, int? ExitCode, string Error) : RunEvent(At);

/// <summary>The executor killed the attempt at its deadline.</summary>
public sealed record AttemptTimedOut(DateTimeOffset At, string StepId, int Attempt) : RunEvent(At);

/// <summary>An executor confirms a cancelled attempt is gone. The engine already treated it as cancelled.</summary>
public sealed record AttemptCancelled(DateTimeOffset At, string StepId, int Attempt) : RunEvent(At);

/// <summary>A user asks to cancel the run.</summary>
public sealed record CancelRequested(DateTimeOffset At, string Reason) : RunEvent(At);

/// <summary>A timer the engine scheduled is due (drivers fire it at or after its due time).</summary>
public sealed record TimerFired(DateTimeOffset At, TimerKey Key) : RunEvent(At);
