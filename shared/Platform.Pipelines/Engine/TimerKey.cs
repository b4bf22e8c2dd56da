namespace Platform.Pipelines.Engine;

public enum TimerKind
{
    /// <summary>Start attempt <see cref="TimerKey.Attempt"/> of a step after its retry delay.</summary>
    Retry,

    /// <summary>A step attempt's deadline.</summary>
    StepTimeout,

    /// <summary>A group's deadline; <see cref="TimerKey.NodeId"/> is the group.</summary>
    GroupTimeout,

    /// <summary>The whole run's deadline.</summary>
    RunTimeout,

    /// <summary>A staggered group (<see cref="TimerKey.NodeId"/>) may start its next child.</summary>
    Stagger,

    /// <summary>After a restart: attempt <see cref="TimerKey.Attempt"/> of a step still has not reported started.</summary>
    StartGrace,
}

/// <summary>Identifies a timer; a timer that fires after it stopped mattering is ignored.</summary>
public sealed record TimerKey(TimerKind Kind, string NodeId, int Attempt)
{
    public override string ToString() => $"{Kind}:{NodeId}#{Attempt}";
}
