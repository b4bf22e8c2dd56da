namespace Platform.Bench.Peers.Engines.WorkflowCore;

/// <summary>A workflow instance's data: the fan-out's items and every step's sleep.</summary>
public sealed class WorkflowCoreData
{
    public List<int> Items { get; set; } = [];

    public int SleepMs { get; set; }
}
