namespace Platform.Bench.Peers.Engines.DurableTask;

/// <summary>An orchestration's input: the steps, their sleep, and at most how many children in flight.</summary>
public sealed record DurablePlan(int Steps, int SleepMs, int Concurrency);
