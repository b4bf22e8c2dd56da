using MassTransit;

namespace Platform.Cli.Running;

/// <summary>
/// Holds back what goes out on the embedded bus until the bus has started. The CLI starts its run
/// through the mediator and its first steps while the host still builds and starts the bus (most of a
/// fresh process's start): what the run publishes meanwhile (its start, progress, a step's logs) waits
/// here rather than reaching endpoints that do not listen yet, and goes out once the gate opens in the
/// order it came (the run's start before its progress), each after the one before it. Opened once the
/// host has started, or failed to.
/// </summary>
internal sealed class BusStartGate : IFilter<PublishContext>, IFilter<SendContext>
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _queue = new();
    private Task _last; // completes once the gate is open and everything held before has gone out

    public BusStartGate() => _last = _open.Task;

    public void Open() => _open.TrySetResult();

    public Task Send(PublishContext context, IPipe<PublishContext> next) =>
        _last.IsCompleted ? next.Send(context) : SendInTurnAsync(context, next);

    public Task Send(SendContext context, IPipe<SendContext> next) =>
        _last.IsCompleted ? next.Send(context) : SendInTurnAsync(context, next);

    public void Probe(ProbeContext context) => context.CreateFilterScope("busStartGate");

    private async Task SendInTurnAsync<T>(T context, IPipe<T> next)
        where T : class, PipeContext
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task before;
        lock (_queue)
        {
            before = _last;
            _last = mine.Task;
        }

        try
        {
            await before.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            await _open.Task.WaitAsync(context.CancellationToken).ConfigureAwait(false); // the one before may have given up waiting
            await next.Send(context).ConfigureAwait(false);
        }
        finally
        {
            mine.TrySetResult(); // the next one's turn, whatever became of this one
        }
    }
}
