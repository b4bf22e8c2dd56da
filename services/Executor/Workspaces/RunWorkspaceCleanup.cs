using Microsoft.Extensions.Hosting;

namespace Platform.Executor.Workspaces;

/// <summary>Removes the run workspaces a killed Executor left under its WorkspaceRoot, when the Executor starts.</summary>
public sealed class RunWorkspaceCleanup(RunWorkspaces workspaces) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        workspaces.RemoveLeftovers();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
