using MassTransit;
using Platform.Contracts;

namespace Platform.Cli.Running;

/// <summary>With <c>--logs</c>: prints the followed run's step output as its Executors send it.</summary>
internal sealed class LiveLogConsumer(RunWatch watch) : IConsumer<StepLogs>
{
    public Task Consume(ConsumeContext<StepLogs> context)
    {
        var m = context.Message;
        if (m.RunId == watch.RunId)
        {
            watch.Progress.Output(m.StepId, m.Attempt, m.At, m.Text);
        }

        return Task.CompletedTask;
    }
}
