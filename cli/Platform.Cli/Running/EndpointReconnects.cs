using MassTransit;

namespace Platform.Cli.Running;

/// <summary>
/// Counts how often the bus's receive endpoints became ready: after the first time, each one is a
/// reconnect (the broker restarted), after which events published meanwhile may have been missed.
/// </summary>
internal sealed class EndpointReconnects : IReceiveEndpointObserver
{
    private readonly SemaphoreSlim _signal = new(0);
    private int _ready;

    /// <summary>Completes at the next reconnect after the first connection, or when <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (Interlocked.Increment(ref _ready) > 1)
        {
            _signal.Release();
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
