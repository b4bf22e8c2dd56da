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

        public void Attach(int leaderPid) => Count(() => inner.Attach(leaderPid));

        public void SampleBeforeKill(bool killing) => Count(() => inner.SampleBeforeKill(killing));

        public ResourceUsage? SoFar() => Count(inner.SoFar);

        public ResourceUsage? Complete(ReapedUsage? leader) => Count(() => inner.Complete(leader));

        public void Dispose() => Count(inner.Dispose);

        private static void Count(Action action) => Count(() =>
        {
            action();
            return 0;
        });

        private static T Count<T>(Func<T> call)
        {
            var since = MeasurementCost.Now();
            try
            {
                return call();
            }
            finally
            {
                MeasurementCost.Since(since);
            }
        }
    }
}
