using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.LoadTest.Load;

/// <summary>The runs this process submitted, matched to RunStarted / RunFinished / RunRejected by RunId.</summary>
public sealed class RunTracker
{
    readonly ConcurrentDictionary<Guid, TrackedRun> _runs = new();

    /// <summary>Registers a new run id just before its SubmitRun is published (its events may come back at once).</summary>
    public TrackedRun Add()
    {
        var run = new TrackedRun(Guid.NewGuid(), Stopwatch.GetTimestamp());
        _runs[run.RunId] = run;
        return run;
    }

    public void OnStarted(Guid runId)
    {
        if (_runs.TryGetValue(runId, out var run))
        {
            run.MarkStarted();
        }
    }

    public void OnEnded(Guid runId, string status)
    {
        var at = Stopwatch.GetTimestamp();
        if (_runs.TryGetValue(runId, out var run))
        {
            run.MarkFinished(status, at);
        }
    }

    /// <summary>Forget runs already measured, so a long ladder does not keep every report alive.</summary>
    public void Forget(IEnumerable<TrackedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        foreach (var run in runs)
        {
            _runs.TryRemove(run.RunId, out _);
        }
    }
}
