using System.Diagnostics;
using System.Threading.Channels;

namespace Platform.ServiceDefaults.InProcess;

/// <summary>
/// In one process (the CLI's embedded default, <c>./platform serve</c>), the Coordinator gives each
/// ExecuteStep straight to the Executor beside it through this mailbox, instead of serialising,
/// signing and queueing it on the bus as a distributed Coordinator must. The same engine decides and
/// the same Executor code runs the attempt and reports its result on the bus: only the hand-over is
/// shorter. Holds nothing but the queue, so neither side depends on the other (nor on the bus) to be
/// built. Not registered when the services run apart.
/// </summary>
/// <typeparam name="T">The command handed over.</typeparam>
public sealed class InProcessMailbox<T>
{
    private readonly Channel<Letter> _letters = Channel.CreateUnbounded<Letter>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues <paramref name="command"/> in order, never blocking; false once the reader has stopped (send it on the bus instead).</summary>
    public bool Post(T command) => _letters.Writer.TryWrite(new Letter(command, Activity.Current?.Context ?? default, Stopwatch.GetTimestamp()));

    /// <summary>The reader's side: every command in the order posted, with the trace it was posted in and when.</summary>
    public ChannelReader<Letter> Reader => _letters.Reader;

    /// <summary>The reader has stopped: later posts are refused.</summary>
    public void Close() => _letters.Writer.TryComplete();

    /// <param name="Parent">The activity the command was posted in (its span parents the work).</param>
    /// <param name="PostedAt">A <see cref="Stopwatch"/> timestamp.</param>
    public readonly record struct Letter(T Command, ActivityContext Parent, long PostedAt);
}
