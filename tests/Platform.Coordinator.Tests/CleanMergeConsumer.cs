using MassTransit;
using Platform.Contracts;

namespace Platform.Coordinator.Tests;

/// <summary>Stands in for the Executor's merge when the harness has no Executor: every isolated group's branches merge cleanly.</summary>
public sealed class CleanMergeConsumer : IConsumer<MergeWorkspaceLayers>
{
    public Task Consume(ConsumeContext<MergeWorkspaceLayers> context) =>
        context.Publish(new WorkspaceLayersMerged(context.Message.RunId, context.Message.GroupId, [], null, context.Message.Branch));
}
