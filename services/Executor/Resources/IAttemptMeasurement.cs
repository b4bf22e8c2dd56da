using Platform.Contracts;
using Platform.Executor.Processes;

namespace Platform.Executor.Resources;

/// <summary>One attempt being measured, from before its process starts until after it is reaped.</summary>
public interface IAttemptMeasurement : IDisposable
{
    /// <summary>Starts the attempt's first process by calling <paramref name="start"/>, where it is to be measured from its first instruction.</summary>
    T Spawn<T>(Func<T> start);

    /// <summary>The attempt's process started as <paramref name="leaderPid"/>, the id of its process group.</summary>
    void Attach(int leaderPid);

    /// <summary>
    /// The group is about to be killed (<paramref name="killing"/>: a cancel or timeout, while the tree
    /// runs) or swept of leftovers: look at the tree now, while its processes still exist.
    /// </summary>
    void SampleBeforeKill(bool killing);

    /// <summary>What the tree used so far, as sampled while it runs; null when nothing was measured yet.</summary>
    ResourceUsage? SoFar();

    /// <summary>The attempt is over: the leader's exact usage (null if it could not be read) plus what sampling found; null when nothing was measured.</summary>
    ResourceUsage? Complete(ReapedUsage? leader);
}
