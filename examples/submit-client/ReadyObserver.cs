using MassTransit;

/// <summary>Calls back each time a receive endpoint becomes ready (at start, and after each reconnect).</summary>
sealed class ReadyObserver(Action onReady) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready)
    {
        onReady();
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
