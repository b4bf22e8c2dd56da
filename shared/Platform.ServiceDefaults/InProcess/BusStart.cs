using MassTransit;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.InProcess;

/// <summary>
/// Whether the bus has started, for a host that starts its work before its bus: the embedded CLI starts a new
/// run's first steps while the host still builds and starts MassTransit's bus (most of a fresh process's start).
/// Open unless <see cref="Hold"/> was called; while held, what goes out on the bus (as a publish or send
/// filter) waits rather than reaching endpoints that do not listen yet, and what the run saga relays is queued
/// without holding the saga (<see cref="SendOrDefer"/>), so the run goes on meanwhile. Once <see cref="Open"/>,
/// everything held goes out in the order it came, each after the one before it, then the gate is out of the way.
/// </summary>
public sealed class BusStart(ILogger<BusStart> logger) : IFilter<PublishContext>, IFilter<SendContext>
{
    private static readonly AsyncLocal<bool> InTurn = new();
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _queue = new();
    private Task _last = Task.CompletedTask; // completes once nothing waits: open and everything held gone out

    /// <summary>Before the host starts: from now until <see cref="Open"/>, what goes out on the bus waits.</summary>
    public void Hold()
    {
        lock (_queue)
        {
            if (!_open.Task.IsCompleted)
            {
                _last = _open.Task;
            }
        }
    }

    /// <summary>The bus has started (or failed to): what waits goes out, in order.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>
    /// <paramref name="send"/> now when nothing waits; otherwise queued after what waits, and the caller goes on at
    /// once. For the run saga's relay: a saga held until the bus starts would hold its run, whose steps can run meanwhile.
    /// A queued send that fails is logged.
    /// </summary>
    public Task SendOrDefer(Func<Task> send)
    {
        if (Passes)
        {
            return send();
        }

        _ = InTurnAsync(send, CancellationToken.None, deferred: true);
        return Task.CompletedTask;
    }

    public Task Send(PublishContext context, IPipe<PublishContext> next) => Pass(context, next);

    public Task Send(SendContext context, IPipe<SendContext> next) => Pass(context, next);

    public void Probe(ProbeContext context) => context.CreateFilterScope("busStart");

    /// <summary>Nothing waits (open, everything held gone out), or this is a held send's own turn.</summary>
    private bool Passes => _last.IsCompleted || InTurn.Value;

    private Task Pass<T>(T context, IPipe<T> next)
        where T : class, PipeContext =>
        Passes ? next.Send(context) : InTurnAsync(() => next.Send(context), context.CancellationToken, deferred: false);

    private async Task InTurnAsync(Func<Task> send, CancellationToken cancellationToken, bool deferred)
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
            await before.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _open.Task.WaitAsync(cancellationToken).ConfigureAwait(false); // the one before may have given up waiting
            InTurn.Value = true; // its own publish passes the filter
            await send().ConfigureAwait(false);
        }
        catch (Exception e) when (deferred && e is not OutOfMemoryException)
        {
            logger.LogError("A message held until the bus started could not be sent: {Error}", e.Message);
        }
        finally
        {
            mine.TrySetResult(); // the next one's turn, whatever became of this one
        }
    }
}
