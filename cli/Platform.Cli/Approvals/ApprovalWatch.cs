using Platform.Contracts;

namespace Platform.Cli.Approvals;

/// <summary>The Coordinator's answer to the one decision this process sent.</summary>
internal sealed class ApprovalWatch(Guid runId, string stepId)
{
    private readonly TaskCompletionSource<ApprovalAnswered> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ApprovalAnswered> Answer => _answer.Task;

    public void OnAnswer(ApprovalAnswered answer)
    {
        if (answer.RunId == runId && answer.StepId == stepId)
        {
            _answer.TrySetResult(answer);
        }
    }
}
