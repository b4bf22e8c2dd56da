using MassTransit;
using Platform.Contracts;

namespace Platform.Cli.Running;

/// <summary>Follows the watched run: progress lines, then its end. Other runs' events are ignored.</summary>
internal sealed class RunEventsConsumer(RunWatch watch) :
    IConsumer<RunStarted>,
    IConsumer<RunProgressed>,
    IConsumer<RunFinished>,
    IConsumer<RunReportPage>,
    IConsumer<RunRejected>,
    IConsumer<StepResourcesSampled>
{
    public Task Consume(ConsumeContext<StepResourcesSampled> context)
    {
        if (context.Message.RunId == watch.RunId)
        {
            watch.Progress.Sampled(context.Message);
        }

        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunReportPage> context)
    {
        if (context.Message.RunId == watch.RunId)
        {
            watch.OnAnswered();
            watch.OnPage(context.Message);
        }

        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunStarted> context)
    {
        if (context.Message.RunId == watch.RunId)
        {
            watch.OnAnswered();
            watch.Progress.RunStarted(context.Message);
        }

        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunProgressed> context)
    {
        if (context.Message.RunId == watch.RunId)
        {
            watch.OnAnswered();
            foreach (var change in context.Message.Changes)
            {
                watch.Progress.StepChanged(change);
            }
        }

        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunFinished> context)
    {
        if (context.Message.RunId == watch.RunId)
        {
            watch.OnAnswered();
            watch.OnFinished(context.Message);
        }

        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunRejected> context)
    {
        if (context.Message.RunId == watch.RunId)
        {
            watch.OnAnswered();
            watch.OnRejected(context.Message);
        }

        return Task.CompletedTask;
    }
}
