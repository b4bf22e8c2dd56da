using MassTransit;
using Platform.Contracts;
using Platform.Executor.Signing;
using Platform.Executor.Workspaces;

namespace Platform.Executor.Consumers;

/// <summary>An isolated group ended: merge its branches' layers here and tell the Coordinator what was found.</summary>
public sealed class MergeWorkspaceLayersConsumer(BranchWorkspaces workspaces, CommandGuard guard) : IConsumer<MergeWorkspaceLayers>
{
    public async Task Consume(ConsumeContext<MergeWorkspaceLayers> context)
    {
        if (!await guard.AcceptsAsync(context, ExecutorEndpointNames.MergeWorkspaceLayers + "_error"))
        {
            return;
        }

        var merged = await workspaces.MergeAsync(context.Message, context.CancellationToken).ConfigureAwait(false);
        await context.Publish(merged).ConfigureAwait(false);
        workspaces.RemoveLayers(context.Message);
    }
}
