using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Simulation;

/// <summary>
/// What the simulated world does. By default a step takes its <c>sleep</c>, the duration given for its
/// id (or for its forEach id without the index), or one second, and succeeds.
/// </summary>
public sealed record SimulationOptions
{
    public IReadOnlyDictionary<string, Value> Inputs { get; init; } = new Dictionary<string, Value>();

    /// <summary>Durations by step id; <c>deploy</c> covers <c>deploy[0]</c>, <c>deploy[1]</c>…</summary>
    public IReadOnlyDictionary<string, TimeSpan> Durations { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Steps whose attempts fail (all attempts, or the first N with <see cref="FailAttempts"/>).</summary>
    public IReadOnlySet<string> Failing { get; init; } = new HashSet<string>();

    /// <summary>How many attempts of a failing step fail; null: all of them.</summary>
    public IReadOnlyDictionary<string, int> FailAttempts { get; init; } = new Dictionary<string, int>();

    public TimeSpan DefaultDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Overrides everything above when it returns non-null.</summary>
    public Func<StartAttempt, SimulatedAttempt?>? Attempt { get; init; }

    /// <summary>A user cancels the run at this virtual time.</summary>
    public TimeSpan? CancelAt { get; init; }

    public string RunId { get; init; } = "simulated";

    /// <summary>As <c>run --sequential</c> (1) or <c>--concurrency N</c>: caps every group's and the run's concurrency.</summary>
    public int? ConcurrencyCap { get; init; }

    /// <summary>Virtual time zero.</summary>
    public DateTimeOffset Epoch { get; init; } = DateTimeOffset.UnixEpoch;
}
