namespace Platform.Bench.Peers.Engines.DurableTask;

/// <summary>An activity's input.</summary>
public sealed record DurableStep(string Name, int SleepMs);
