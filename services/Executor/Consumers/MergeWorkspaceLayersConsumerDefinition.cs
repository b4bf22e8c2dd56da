using MassTransit;

namespace Platform.Executor.Consumers;

/// <summary>
/// The shared <c>merge-workspace-layers</c> queue. The layers are on the host that ran the branches:
/// one Executor host per run's directory (the embedded run; several hosts need the run workspace of issue 18, not yet built).
/// </summary>
public sealed class MergeWorkspaceLayersConsumerDefinition : ConsumerDefinition<MergeWorkspaceLayersConsumer>
{
    public MergeWorkspaceLayersConsumerDefinition()
    {
        Endpoint(endpoint => endpoint.Name = ExecutorEndpointNames.MergeWorkspaceLayers);
    }

    // No retry: a merge half applied must not be applied again over itself; a failure is answered as an error.
}
