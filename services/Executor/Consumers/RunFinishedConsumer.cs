using MassTransit;
using Platform.Contracts;
using Platform.Executor.Artifacts;
using Platform.Executor.Workspaces;

namespace Platform.Executor.Consumers;

/// <summary>
/// A run ended: its workspace on this host goes (<see cref="RunWorkspaces"/>), and what this host knew of its artifacts
/// and of its fire-and-forget branches' merges.
/// </summary>
public sealed class RunFinishedConsumer(RunWorkspaces workspaces, HostArtifacts artifacts, BranchWorkspaces branches) : IConsumer<RunFinished>
{
    public Task Consume(ConsumeContext<RunFinished> context)
    {
        artifacts.Forget(context.Message.RunId);
        branches.Forget(context.Message.RunId);
        workspaces.Remove(context.Message.RunId);
        return Task.CompletedTask;
    }
}
