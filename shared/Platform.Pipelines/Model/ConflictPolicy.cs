namespace Platform.Pipelines.Model;

/// <summary>
/// <c>onConflict</c>: what happens when two isolated branches of a group changed the same path
/// differently (content, mode, or one deleted what the other changed).
/// </summary>
public enum ConflictPolicy
{
    /// <summary>The group fails naming the path and both branches; the directory keeps its state from before the group.</summary>
    Fail,

    /// <summary>The branches merge in declared order (the later one wins) and the group notes the conflict.</summary>
    Warn,

    /// <summary>The branches merge in declared order, the later one winning, without a note.</summary>
    LastWins,
}

public static class ConflictPolicyNames
{
    /// <summary>The policy as written in a pipeline file and sent on the wire: <c>fail</c>, <c>warn</c>, <c>last-wins</c>.</summary>
    public static string ToWire(this ConflictPolicy policy) => policy switch
    {
        ConflictPolicy.Fail => "fail",
        ConflictPolicy.Warn => "warn",
        ConflictPolicy.LastWins => "last-wins",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "an unknown conflict policy"),
    };
}
