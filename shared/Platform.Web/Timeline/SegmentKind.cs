namespace Platform.Web.Timeline;

/// <summary>What a stretch of a step's bar stands for.</summary>
public enum SegmentKind
{
    /// <summary>Ready but not running: waiting for a slot or a lock, then for an Executor to take it.</summary>
    Queued,

    /// <summary>An Executor runs the attempt.</summary>
    Running,

    /// <summary>Between a failed attempt and the next one (the retry's back-off).</summary>
    RetryWait,

    /// <summary>An approval gate waiting for a decision.</summary>
    Waiting,
}
