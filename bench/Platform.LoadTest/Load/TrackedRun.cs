using System.Diagnostics;

namespace Platform.LoadTest.Load;

/// <summary>One submitted run as the load generator sees it: Stopwatch timestamps of submit, start and end.</summary>
public sealed class TrackedRun(Guid runId, long submittedAt)
{
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid RunId { get; } = runId;

    public long SubmittedAt { get; } = submittedAt;

    public long? FinishedAt { get; private set; }

    /// <summary>succeeded, failed, cancelled (RunFinished) or rejected (RunRejected); null while running.</summary>
    public string? Status { get; private set; }

    public Task Started => _started.Task;

    public Task Finished => _finished.Task;

    public double LatencyMs => FinishedAt is { } end ? Stopwatch.GetElapsedTime(SubmittedAt, end).TotalMilliseconds : double.NaN;

    public void MarkStarted() => _started.TrySetResult();

    public void MarkFinished(string status, long at)
    {
        if (Status is not null)
        {
            return;
        }

        FinishedAt = at;
        Status = status;
        _started.TrySetResult();
        _finished.TrySetResult();
    }
}
