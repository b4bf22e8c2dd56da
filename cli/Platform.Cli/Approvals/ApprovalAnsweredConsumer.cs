using MassTransit;
using Platform.Contracts;

namespace Platform.Cli.Approvals;

/// <summary>Hands the Coordinator's answers to <see cref="ApprovalWatch"/>; answers about other decisions are ignored.</summary>
internal sealed class ApprovalAnsweredConsumer(ApprovalWatch watch) : IConsumer<ApprovalAnswered>
{
    public Task Consume(ConsumeContext<ApprovalAnswered> context)
    {
        watch.OnAnswer(context.Message);
        return Task.CompletedTask;
    }
}
