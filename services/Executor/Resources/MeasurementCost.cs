using System.Diagnostics.Metrics;
using System.Globalization;
using Platform.Executor.Processes;

namespace Platform.Executor.Resources;

/// <summary>
/// What measuring costs, counted where it is spent: the CPU time of the threads doing the meter's work
/// (<c>CLOCK_THREAD_CPUTIME_ID</c>), summed over the Executor's life. Every call of an attempt's
/// measurement (<see cref="CostCountingMeter"/>), the background /proc scans and the reaper's extra look
/// at a measured zombie add to it, so the cost is a figure rather than the difference of two noisy
/// runs. Counted only with <c>Executor:CountMeasurementCost=true</c> (a benchmark's switch: the clock
/// reads themselves cost about a microsecond); then exported as the metric
/// <c>platform.executor.measurement.cpu_time</c> and written to stderr when the Executor stops.
/// </summary>
internal static unsafe class MeasurementCost
{
    private static readonly Meter Meter = new("Platform.Executor.Measurement");
    private static long _nanoseconds;
    private static long _attempts;
    private static long _sections;
    private static long _clockRead;
    private static volatile bool _on;

    static MeasurementCost() =>
        Meter.CreateObservableCounter("platform.executor.measurement.cpu_time", () => Seconds, "s",
            "CPU time the Executor spent measuring attempts' resource use");

    public static double Seconds => Interlocked.Read(ref _nanoseconds) / 1e9;

    public static long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Starts counting, after timing what one reading of the clock costs (each counted section includes about one).</summary>
    public static void Start()
    {
        _on = true;
        const int Reads = 2000;
        var first = Now();
        for (var i = 0; i < Reads; i++)
            _ = Now();
        _clockRead = (Now() - first) / (Reads + 1);
    }

    /// <summary>The calling thread's CPU time so far, in nanoseconds; 0 when not counting.</summary>
    public static long Now()
    {
        if (!_on)
            return 0;

        var time = stackalloc long[2];
        return NativeMethods.ClockGetTime(NativeMethods.ClockThreadCpuTime, time) == 0 ? time[0] * 1_000_000_000 + time[1] : 0;
    }

    /// <summary>Adds the calling thread's CPU time since <paramref name="since"/> (from <see cref="Now"/>).</summary>
    public static void Since(long since)
    {
        if (since != 0 && Now() is var now and > 0)
        {
            Interlocked.Add(ref _nanoseconds, now - since);
            Interlocked.Increment(ref _sections);
        }
    }

    /// <summary>Takes back the CPU time since <paramref name="since"/>: work inside a counted call that is not measuring (starting the step's process).</summary>
    public static void Exclude(long since)
    {
        if (since != 0 && Now() is var now and > 0)
        {
            Interlocked.Add(ref _nanoseconds, since - now);
        }
    }

    public static void Attempt() => Interlocked.Increment(ref _attempts);

    public static string Summary()
    {
        var attempts = Attempts;
        var seconds = Seconds;
        var clock = Interlocked.Read(ref _sections) * _clockRead / 1e9;
        return string.Create(CultureInfo.InvariantCulture,
            $"platform: resource measurement cost {seconds * 1e3:0.000} ms of CPU over {attempts} attempts ({(attempts == 0 ? 0 : seconds * 1e6 / attempts):0.0} µs each), {clock * 1e3:0.000} ms of it reading the clock");
    }
}
