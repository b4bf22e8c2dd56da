using System.Diagnostics;

namespace Platform.Bench.Peers.Measurement;

/// <summary>Epoch milliseconds with sub-millisecond resolution (as run.mjs's performance.timeOrigin + now()).</summary>
public static class Clock
{
    static readonly double OriginMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    static readonly long OriginTicks = Stopwatch.GetTimestamp();

    public static double NowMs() => OriginMs + Stopwatch.GetElapsedTime(OriginTicks).TotalMilliseconds;
}
