using Platform.Contracts;
using Platform.Executor.Processes;

namespace Platform.Executor.Resources;

/// <summary>The portable fallback, and measurement turned off (<c>Executor:MeasureResources=false</c>): attempts report no resources.</summary>
public sealed class NoResourceMeter : IResourceMeter, IAttemptMeasurement
{
    public bool MeasuresProcesses => false;

    public IAttemptMeasurement Begin(IDictionary<string, string> environment) => this;

    public T Spawn<T>(Func<T> start) => start();

    public void Attach(int leaderPid)
    {
    }

    public void SampleBeforeKill(bool killing)
    {
    }

    public ResourceUsage? SoFar() => null;

    public ResourceUsage? Complete(ReapedUsage? leader) => null;

    public void Dispose()
    {
    }
}
