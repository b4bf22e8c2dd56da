namespace Platform.Bench.Peers.Workloads;

/// <summary>One of run.mjs's workloads. IdealS: the critical path, for efficiency = ideal / wall.</summary>
public sealed record Workload(string Name, WorkloadKind Kind, int Steps, int SleepMs, int Concurrency, double? IdealS)
{
    public static IReadOnlyList<Workload> Suite(bool quick)
    {
        var (chain, width) = quick ? (20, 200) : (100, 1000);
        return
        [
            new($"chain-{chain}-noop", WorkloadKind.Chain, chain, 0, 1, null),
            new($"chain-{chain}-10ms", WorkloadKind.Chain, chain, 10, 1, chain * 0.01),
            new($"fanout-{width}-noop-c10", WorkloadKind.Fanout, width, 0, 10, null),
            new($"fanout-{width}-noop-c50", WorkloadKind.Fanout, width, 0, 50, null),
            // "Unlimited": as BullMQ's, a limit of 1,000 (one slot per child).
            new($"fanout-{width}-noop-c1000", WorkloadKind.Fanout, width, 0, 1000, null),
            new($"fanout-{width}-10ms-c50", WorkloadKind.Fanout, width, 10, 50, width * 0.01 / 50),
        ];
    }

    public string StepName(int index) => Kind == WorkloadKind.Chain && index == Steps - 1 ? "root" : $"s{index}";

    /// <summary>Steps recorded by the end of a run: the chain's steps, or the children plus root.</summary>
    public int RecordedSteps => Kind == WorkloadKind.Chain ? Steps : Steps + 1;
}
