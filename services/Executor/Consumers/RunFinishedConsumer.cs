using MassTransit;
using Platform.Contracts;
using Platform.Executor.Artifacts;
using Platform.Executor.Workspaces;

namespace Platform.Executor.Consumers;

/// <summary>A run ended: its workspace on this host goes (<see cref="RunWorkspaces"/>), and what this host knew of its artifacts.</summary>
public sealed class RunFinishedConsumer(RunWorkspaces workspaces, HostArtifacts artifacts) : IConsumer<RunFinished>
{
    public Task Consume(ConsumeContext<RunFinished> context)
    {
        artifacts.Forget(context.Message.RunId);
        workspaces.Remove(context.Message.RunId);
        return Task.CompletedTask;
    }
}
