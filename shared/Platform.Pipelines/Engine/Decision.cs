namespace Platform.Pipelines.Engine;

/// <summary>What the engine wants done; drivers turn decisions into messages, processes or timers.</summary>
public abstract record Decision;

/// <summary>Start attempt <see cref="Attempt"/> of a step, with its templates already expanded.</summary>
public sealed record StartAttempt(
    string StepId,
    int Attempt,
    ResolvedAction Action,
    IReadOnlyDictionary<string, string> Env,
    string? Workdir,
    TimeSpan? Timeout) : Decision
{
    /// <summary>The copy-on-write layers the attempt sees, outermost first (<see cref="WorkspaceLayers"/>); null: the directory itself.</summary>
    public IReadOnlyList<string>? Layers { get; init; }

    /// <summary>
    /// Those of <see cref="Layers"/> that are fire-and-forget branches' (<see cref="WorkspaceLayers.DetachedOf"/>): merged while
    /// what lies below them goes on changing, so a copied layer keeps its starting point to tell what the branch changed.
    /// </summary>
    public IReadOnlyList<string>? DetachedLayers { get; init; }

    /// <summary>The step's <c>artifacts:</c> globs, stored after it succeeds; empty when it declares none.</summary>
    public IReadOnlyList<string> Artifacts { get; init; } = [];

    /// <summary>The artifacts the run's steps stored so far, in order: the attempt's host places those it lacks before the step starts.</summary>
    public IReadOnlyList<ArtifactRecord> Inputs { get; init; } = [];
}

/// <summary>Kill a running attempt's process tree (or make sure a queued one never starts).</summary>
public sealed record CancelAttempt(string StepId, int Attempt, string Reason) : Decision;

/// <summary>Deliver <see cref="TimerFired"/> with this key at <see cref="DueAt"/>.</summary>
public sealed record ScheduleTimer(TimerKey Key, DateTimeOffset DueAt) : Decision;

/// <summary>A step's status changed (for progress output and history); no action needed.</summary>
public sealed record StepStatusChanged(string StepId, StepStatus Status, int Attempt, string? Reason) : Decision;

/// <summary>The run is over: every step is in a terminal status. Always the last decision.</summary>
public sealed record FinishRun(RunStatus Status) : Decision;
