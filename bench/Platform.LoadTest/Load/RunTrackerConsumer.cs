using MassTransit;
using Platform.Contracts;

namespace Platform.LoadTest.Load;

/// <summary>Sees every run's start and end on a private queue and hands them to the tracker.</summary>
public sealed class RunTrackerConsumer(RunTracker tracker) :
    IConsumer<RunStarted>,
    IConsumer<RunFinished>,
    IConsumer<RunRejected>
{
    public Task Consume(ConsumeContext<RunStarted> context)
    {
        tracker.OnStarted(context.Message.RunId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunFinished> context)
    {
        tracker.OnEnded(context.Message.RunId, context.Message.Status);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunRejected> context)
    {
        tracker.OnEnded(context.Message.RunId, "rejected");
        return Task.CompletedTask;
    }
}
