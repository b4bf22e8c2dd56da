namespace Platform.Executor;

/// <summary>The broker names the Executor listens on.</summary>
public static class ExecutorEndpointNames
{
    /// <summary>Shared by every executor: the broker hands each ExecuteStep to one of them.</summary>
    public const string ExecuteStep = "execute-step";

    /// <summary>Where an isolated group's merge goes (<c>MergeWorkspaceLayers</c>).</summary>
    public const string MergeWorkspaceLayers = "merge-workspace-layers";

    /// <summary>Prefix of each executor's own temporary CancelStep endpoint (<c>cancel-step-{InstanceId}</c>).</summary>
    public const string CancelStepPrefix = "cancel-step";
}
