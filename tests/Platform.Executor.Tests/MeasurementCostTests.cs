using System.Diagnostics;
using Platform.Contracts;
using Platform.Executor.Processes;
using Platform.Executor.Resources;

namespace Platform.Executor.Tests;

/// <summary>
/// What measuring costs is counted from the meter's own work, and the step's process start is not part of it. Alone, never
/// beside other tests: it spends CPU on purpose, which other tests' resource figures must not meet.
/// </summary>
[Collection(nameof(MeasurementCostTests))]
[CollectionDefinition(nameof(MeasurementCostTests), DisableParallelization = true)]
public sealed class MeasurementCostTests
{
    [Fact]
    public void The_meters_work_counts_and_the_steps_start_inside_Spawn_does_not()
    {
        // On a thread of its own, so that spinning does not hold a thread-pool thread.
        var failure = default(Exception);
        var thread = new Thread(() =>
        {
            try
            {
                CountOnThisThread();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private static void CountOnThisThread()
    {
        MeasurementCost.Start();
        var meter = new CostCountingMeter(new BusyMeter());
        var before = MeasurementCost.Seconds;
        var attempts = MeasurementCost.Attempts;

        using (var measurement = meter.Begin(new Dictionary<string, string>()))
        {
            var started = measurement.Spawn(() => Burn(TimeSpan.FromMilliseconds(20))); // the step's start: not measuring
            Assert.True(started);
            _ = measurement.Complete(null); // the meter's own work: 5 ms of CPU
        }

        var counted = MeasurementCost.Seconds - before;
        // Other tests of this assembly may add their own few milliseconds meanwhile, never take any away.
        Assert.InRange(counted, 0.005, 0.020);
        Assert.True(MeasurementCost.Attempts > attempts);
        Assert.Matches(@"^platform: resource measurement cost [0-9.]+ ms of CPU over \d+ attempts \([0-9.]+ µs each\), [0-9.]+ ms of it reading the clock$", MeasurementCost.Summary());
    }

    /// <summary>Spends <paramref name="cpu"/> of this thread's CPU time.</summary>
    private static bool Burn(TimeSpan cpu)
    {
        var start = MeasurementCost.Now();
        var clock = Stopwatch.StartNew();
        var spins = 0L;
        while ((MeasurementCost.Now() - start) / 100 < cpu.Ticks && clock.Elapsed < TimeSpan.FromSeconds(10))
            spins++;
        return spins > 0;
    }

    private sealed class BusyMeter : IResourceMeter
    {
        public bool MeasuresProcesses => true;

        public IAttemptMeasurement Begin(IDictionary<string, string> environment) => new Busy();

        private sealed class Busy : IAttemptMeasurement
        {
            public T Spawn<T>(Func<T> start) => start();

            public void Attach(int leaderPid)
            {
            }

            public void SampleBeforeKill(bool killing)
            {
            }

            public ResourceUsage? SoFar() => null;

            public ResourceUsage? Complete(ReapedUsage? leader) => Burn(TimeSpan.FromMilliseconds(5)) ? null : null;

            public void Dispose()
            {
            }
        }
    }
}
