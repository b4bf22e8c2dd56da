namespace Platform.Pipelines.Model;

/// <summary>What a run does when its concurrency group (<c>runs:</c>) is full.</summary>
public enum OnLimit
{
    /// <summary>Waits its turn, first come first served (at most <c>maxQueued</c> waiting).</summary>
    Queue,

    /// <summary>Cancels the running (and queued) runs of the group, then starts (GitHub's cancel-in-progress).</summary>
    CancelRunning,

    /// <summary>Keeps the running runs and replaces the queued ones: only the newest waits.</summary>
    CancelQueued,

    /// <summary>Fails at once, with the reason.</summary>
    Fail,
}
