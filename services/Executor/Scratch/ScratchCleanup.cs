using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Executor.Scratch;

/// <summary>Creates the scratch folder when the Executor starts, so what a crashed Executor left is removed then, not at the first step.</summary>
public sealed class ScratchCleanup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ScratchFolder>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
