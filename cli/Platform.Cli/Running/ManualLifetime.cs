using Microsoft.Extensions.Hosting;

namespace Platform.Cli.Running;

/// <summary>
/// The CLI starts and stops its host itself and handles Ctrl-C as "cancel the run", so the host must
/// not treat SIGINT as "stop now" (the console lifetime would tear the bus down mid-run).
/// </summary>
internal sealed class ManualLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
