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


    private readonly object _gate = new();
    private StepReport[][]? _pages;
    private int _pagesIn;
    private RunFinished? _waitingForPages;

    /// <summary>The end of the run; a paged report completes once every page is in, whatever the order they came in.</summary>
    public void OnFinished(RunFinished message)
    {
        if (message.ReportPages == 0)
        {
            _finished.TrySetResult(message);
            return;
        }

        lock (_gate)
        {
            _waitingForPages = message;
            _pages ??= new StepReport[message.ReportPages][];
            CompleteIfWhole();
        }
    }

    public void OnPage(RunReportPage page)
    {
        lock (_gate)
        {
            _pages ??= new StepReport[page.Pages][];
            if (page.Page < 0 || page.Page >= _pages.Length || _pages[page.Page] is not null)
            {
                return; // a duplicate, or a page of a different shape
            }

            _pages[page.Page] = [.. page.Rows];
            _pagesIn++;
            CompleteIfWhole();
        }
    }

    private void CompleteIfWhole()
    {
        if (_waitingForPages is { } finished && _pagesIn == finished.ReportPages)
        {
            _finished.TrySetResult(finished with { Steps = _pages!.SelectMany(p => p).ToList() });
        }
    }

    public void OnRejected(RunRejected message) => _rejected.TrySetResult(message);
}
