namespace Platform.Bench.Peers.Workloads;

public enum WorkloadKind
{
    /// <summary>Steps one after another: s0 … s(n−2), then root.</summary>
    Chain,

    /// <summary>n children s0 … s(n−1) at most <see cref="Workload.Concurrency"/> at once, then root after all.</summary>
    Fanout,
}
