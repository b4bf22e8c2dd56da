using Platform.Contracts;
using Platform.Executor.Processes;

namespace Platform.Executor.Resources;

/// <summary>
/// Wraps the Executor's meter with <c>Executor:CountMeasurementCost=true</c>: every call of the meter and
/// of an attempt's measurement adds the CPU time it took to <see cref="MeasurementCost"/>, except the
/// step's own process start inside <see cref="IAttemptMeasurement.Spawn{T}"/>, which runs whether or not
/// anything is measured.
/// </summary>
internal sealed class CostCountingMeter(IResourceMeter meter) : IResourceMeter, IDisposable
{
    public bool MeasuresProcesses => meter.MeasuresProcesses;

    public IAttemptMeasurement Begin(IDictionary<string, string> environment)
    {
        var since = MeasurementCost.Now();
        MeasurementCost.Attempt();
        var measurement = new Counted(meter.Begin(environment));
        MeasurementCost.Since(since);
        return measurement;
    }

    public void Dispose()
    {
        (meter as IDisposable)?.Dispose();
        Console.Error.WriteLine(MeasurementCost.Summary());
    }

    private sealed class Counted(IAttemptMeasurement inner) : IAttemptMeasurement
    {
        public T Spawn<T>(Func<T> start)
        {
            var since = MeasurementCost.Now();
            var started = inner.Spawn(() =>
            {
                var before = MeasurementCost.Now();
                var result = start();
                MeasurementCost.Exclude(before);
                return result;
            });
            MeasurementCost.Since(since);
            return started;
        }

        // Each call counted in line, without a delegate: the counting's own allocations are not the meter's cost.
        public void Attach(int leaderPid)
        {
            var since = MeasurementCost.Now();
            inner.Attach(leaderPid);
            MeasurementCost.Since(since);
        }

        public void SampleBeforeKill(bool killing)
        {
            var since = MeasurementCost.Now();
            inner.SampleBeforeKill(killing);
            MeasurementCost.Since(since);
        }

        public ResourceUsage? SoFar()
        {
            var since = MeasurementCost.Now();
            var usage = inner.SoFar();
            MeasurementCost.Since(since);
            return usage;
        }

        public ResourceUsage? Complete(ReapedUsage? leader)
        {
            var since = MeasurementCost.Now();
            var usage = inner.Complete(leader);
            MeasurementCost.Since(since);
            return usage;
        }

        public void Dispose()
        {
            var since = MeasurementCost.Now();
            inner.Dispose();
            MeasurementCost.Since(since);
        }
    }
}
