using Platform.Bench.Peers.Workloads;

namespace Platform.Bench.Peers.Engines;

/// <summary>One in-process engine. Only RunAsync is timed: from before the work is submitted until the engine says it is done.</summary>
public interface IPeerEngine : IAsyncDisposable
{
    /// <summary>The key of the results in bench/run ("hangfire/chain-100-noop").</summary>
    string Key { get; }

    /// <summary>What the result lines say about the set-up (versions, limits).</summary>
    IReadOnlyDictionary<string, string> Setup { get; }

    Task StartAsync();

    /// <summary>Untimed preparation (servers sized for the workload); null when the engine cannot express it.</summary>
    Task<string?> PrepareAsync(Workload workload);

    /// <summary>Runs the workload to its end; returns fields to add to the result line (e.g. why there is no fan-in).</summary>
    Task<IReadOnlyDictionary<string, string>> RunAsync(Workload workload);

    /// <summary>Untimed clean-up after a run.</summary>
    Task FinishAsync(Workload workload);
}
