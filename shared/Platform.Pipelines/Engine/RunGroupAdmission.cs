namespace Platform.Pipelines.Engine;

/// <summary>Names the run's own entry in the lock table (its place in its <c>runs:</c> group).</summary>
public static class RunGroupAdmission
{
    /// <summary>The node id of the run's request: never a step or group id (ids cannot hold parentheses).</summary>
    public const string RunNode = "(run)";

    /// <summary>The lock a group key stands for: kept apart from step locks by its prefix.</summary>
    public static string LockName(string key) => "runs/" + key;
}
