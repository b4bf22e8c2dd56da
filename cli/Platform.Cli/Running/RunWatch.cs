using Platform.Contracts;

namespace Platform.Cli.Running;

/// <summary>What the CLI waits for: the end of one run, with its progress along the way.</summary>
internal sealed class RunWatch(Guid runId, ProgressPrinter progress)
{
    private readonly TaskCompletionSource<RunFinished> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RunRejected> _rejected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid RunId { get; } = runId;

    public ProgressPrinter Progress { get; } = progress;

    public Task<RunFinished> Finished => _finished.Task;

    public Task<RunRejected> Rejected => _rejected.Task;

    /// <summary>Done once any message about the run came back: a Coordinator has it.</summary>
    public Task Answered => _answered.Task;

    public void OnAnswered() => _answered.TrySetResult();

    public void OnFinished(RunFinished message) => _finished.TrySetResult(message);

    public void OnRejected(RunRejected message) => _rejected.TrySetResult(message);
}
